namespace Recur.Training;

/// <summary>
/// A checkpoint directory that cannot be used: missing, from another task or version, incomplete, truncated or
/// corrupt. The message is one line that names the file at fault.
/// </summary>
public sealed class CheckpointException(string message, Exception? inner = null) : IOException(message, inner);
