namespace Recur.SequenceTasks;

/// <summary>
/// Settings of a <see cref="SequenceTaskTraining"/> run. <see cref="For"/> gives locuslab/TCN's per-task learning rate
/// and clipping, batch 32, a 1000-sequence test set and seed 1111.
/// </summary>
public sealed record SequenceTaskTrainingOptions
{
    /// <summary>Optimiser steps, each on a fresh batch (the budget; locuslab counts epochs over a fixed set instead).</summary>
    public int Steps { get; init; } = 1000;

    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Maximum joint gradient norm; null for no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Sequences in the held-out test set, drawn once from <see cref="Seed"/> by a generator apart from the training one.</summary>
    public int TestSize { get; init; } = 1000;

    /// <summary>Rows evaluated at a time (memory bound only; the score is the mean over the whole test set).</summary>
    public int EvalBatchSize { get; init; } = 100;

    /// <summary>Evaluate on the test set every this many steps as well as at the end; 0 for the end only.</summary>
    public int EvalEvery { get; init; }

    public ulong Seed { get; init; } = 1111;

    /// <summary>locuslab/TCN's settings for <paramref name="task"/>: its learning rate and clip, batch 32.</summary>
    public static SequenceTaskTrainingOptions For(ISequenceTask task, int steps)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new() { Steps = steps, LearningRate = task.ReferenceLearningRate, ClipNorm = task.ReferenceClipNorm };
    }

    public void Validate()
    {
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be zero or more.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be at least 1.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        if (ClipNorm is double c && !(c > 0)) throw new ArgumentOutOfRangeException(nameof(ClipNorm), c, "The clip norm must be positive (null for none).");
        if (TestSize < 1) throw new ArgumentOutOfRangeException(nameof(TestSize), TestSize, "The test set needs at least one sequence.");
        if (EvalBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(EvalBatchSize), EvalBatchSize, "The evaluation batch must be at least 1.");
        if (EvalEvery < 0) throw new ArgumentOutOfRangeException(nameof(EvalEvery), EvalEvery, "EvalEvery must be zero or more.");
    }
}
