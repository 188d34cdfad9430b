namespace Recur.Training;

/// <summary>What a <see cref="TrainingProgress"/> report is about.</summary>
public enum TrainingEvent { Step, Evaluated, Saved, Message }

/// <summary>
/// One report from a running <see cref="Trainer"/>: after each step (loss, learning rate, tokens/s, the fraction of
/// the budget spent), after each evaluation (<see cref="Metrics"/>), after each checkpoint, or a message.
/// </summary>
public sealed record TrainingProgress(
    TrainingEvent Event, int Step, int Epoch, double Fraction, TimeSpan Elapsed,
    double? Loss = null, double? LearningRate = null, double? TokensPerSecond = null,
    IReadOnlyDictionary<string, double>? Metrics = null, bool IsBest = false, string? Message = null);
