using Recur.Optim.Schedules;

namespace Recur.Training;

/// <summary>
/// The generic half of a training run, one property per concern. <see cref="Directory"/> null trains without
/// checkpoints, logs or charts (tests, notebooks).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>When the run is finished. Null when resuming: the checkpoint's budget then applies.</summary>
    public TrainingBudget? Budget { get; init; }

    /// <summary>Evaluate (and checkpoint) every this many optimiser steps.</summary>
    public int EvalEvery { get; init; } = 200;

    /// <summary>Also evaluate at the end of every epoch.</summary>
    public bool EvalEachEpoch { get; init; }

    /// <summary>Write a <c>train</c> line (mean loss since the previous one) to the log every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>The learning rate before each step; null keeps the optimiser's own rate.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>Clips the global L2 norm of the gradients (Pascanu et al. 2013); null does not clip.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Batches whose gradients are summed (each loss scaled by 1/k) before one optimiser step.</summary>
    public int AccumulationSteps { get; init; } = 1;

    /// <summary>The validation metric that selects the best checkpoint and drives early stopping and plateau decay.</summary>
    public string Metric { get; init; } = "loss";

    /// <summary>Whether a larger <see cref="Metric"/> is better (BLEU) rather than a smaller one (loss).</summary>
    public bool MaximizeMetric { get; init; }

    /// <summary>
    /// A second metric, smaller is better, that decides between evaluations whose <see cref="Metric"/> is equal — on a
    /// small validation set WER or exact match often stays at one value for many evaluations while the loss still
    /// falls. Null: the first evaluation to reach a value stays the best.
    /// </summary>
    public string? TieBreakMetric { get; init; }

    public EarlyStopping? EarlyStopping { get; init; }

    public PlateauDecay? PlateauDecay { get; init; }

    /// <summary>Keeps the checkpoint with the best <see cref="Metric"/> in <c>best/</c> beside the last one.</summary>
    public bool KeepBest { get; init; } = true;

    /// <summary>Checkpoint directory (weights, optimiser, task state, <c>log.jsonl</c>, <c>loss.png</c>); null writes nothing.</summary>
    public string? Directory { get; init; }

    /// <summary>The title of the loss chart.</summary>
    public string ChartTitle { get; init; } = "Training loss";

    /// <summary>The loss axis label of the chart, with its unit.</summary>
    public string ChartLossLabel { get; init; } = "loss (nats)";

    /// <summary>Kernel threads for the run, scoped to it (<see cref="Kernels.Parallelism.Limit"/>); null leaves the caller's setting.</summary>
    public int? Threads { get; init; }

    public void Validate()
    {
        Budget?.Validate();
        if (EvalEvery < 1) throw new ArgumentOutOfRangeException(nameof(EvalEvery), EvalEvery, "Evaluation interval must be at least 1 step.");
        if (LogEvery < 1) throw new ArgumentOutOfRangeException(nameof(LogEvery), LogEvery, "Log interval must be at least 1 step.");
        if (AccumulationSteps < 1) throw new ArgumentOutOfRangeException(nameof(AccumulationSteps), AccumulationSteps, "Gradient accumulation needs at least 1 batch per step.");
        if (ClipNorm is double c && !(c > 0 && double.IsFinite(c))) throw new ArgumentOutOfRangeException(nameof(ClipNorm), c, "The clipping norm must be a positive number.");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Thread count must be at least 1.");
        ArgumentException.ThrowIfNullOrEmpty(Metric);
    }
}
