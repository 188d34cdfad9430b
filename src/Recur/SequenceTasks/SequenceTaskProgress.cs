namespace Recur.SequenceTasks;

/// <summary>
/// Where a <see cref="SequenceTaskTraining"/> run stands after <see cref="Step"/> of <see cref="Steps"/>: that step's
/// training loss and, when the test set was scored at this step, its loss and accuracy.
/// </summary>
public readonly record struct SequenceTaskProgress(int Step, int Steps, double TrainLoss, double? TestLoss = null, double? TestAccuracy = null);
