namespace Recur.Training;

/// <summary>
/// One batch's loss (scalar, with its graph), how many tokens it covered (for tokens/s), whether it was the last
/// batch of an epoch, and how far through the epoch training now is (0..1, for progress and ETA).
/// </summary>
public readonly record struct TrainingBatch(Tensor Loss, long Tokens, bool EndsEpoch = false, double EpochFraction = 0);
