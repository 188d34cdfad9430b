namespace Recur.Training;

/// <summary>
/// One batch's loss (scalar, with its graph), how many tokens it covered (for tokens/s), whether it was the last
/// batch of an epoch, how far through the epoch training now is (0..1, for progress and ETA), and a factor on this
/// step's learning rate (a batch of variable size whose loss is a mean can ask for a rate in proportion to its size).
/// </summary>
public readonly record struct TrainingBatch(Tensor Loss, long Tokens, bool EndsEpoch = false, double EpochFraction = 0, double LearningRateScale = 1);
