namespace Recur.SequenceTasks;

/// <summary>
/// The outcome of a <see cref="SequenceTaskTraining"/> run: the test loss (MSE for the adding problem, cross-entropy
/// for copy memory) and accuracy where the task has one, after <see cref="Steps"/> steps (fewer than asked when the
/// loss stopped being finite: <see cref="Diverged"/>), the model's size and the training time (evaluations excluded).
/// </summary>
public sealed record SequenceTaskResult(string Task, int Steps, double TestLoss, double? TestAccuracy, double LastTrainLoss,
    long Parameters, TimeSpan TrainTime, bool Diverged);
