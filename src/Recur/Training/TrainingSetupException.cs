namespace Recur.Training;

/// <summary>
/// A run that cannot start as asked: settings out of range, data too short for a batch, a checkpoint from another
/// run. The message is one line naming the flag, file or setting at fault.
/// </summary>
public sealed class TrainingSetupException(string message) : Exception(message);
