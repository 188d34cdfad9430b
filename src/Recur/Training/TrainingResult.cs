namespace Recur.Training;

/// <summary>Why a run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>The budget is spent.</summary>
    Finished,
    /// <summary>Cancelled (Ctrl-C); the checkpoint holds the last step.</summary>
    Interrupted,
    /// <summary>The validation metric stopped improving (<see cref="TrainerOptions.EarlyStopping"/>).</summary>
    EarlyStopped,
    /// <summary>Resumed from a checkpoint whose budget was already spent; nothing was trained.</summary>
    AlreadyFinished,
}

/// <summary>How a run ended: the step reached, the last and best validation metrics, and the step of the best.</summary>
public sealed record TrainingResult(
    TrainingOutcome Outcome, int Step, int Epoch, long Tokens, double ElapsedSeconds,
    IReadOnlyDictionary<string, double>? LastMetrics, IReadOnlyDictionary<string, double>? BestMetrics, int? BestStep);
