namespace Recur.Optim.Schedules;

/// <summary>
/// Multiplies another schedule by a factor that rises linearly from <paramref name="StartFactor"/> at step 0 to 1 at
/// <paramref name="WarmupSteps"/> and stays 1 after: f(t) = s + (1 − s)·min(t, W) / W. This is PyTorch's
/// <c>LinearLR(start_factor=s, total_iters=W)</c>, chained with the inner schedule as <c>ChainedScheduler</c> does;
/// the inner schedule sees the global step. Warmup stabilises Adam's early steps (Liu et al. 2020).
/// </summary>
public sealed record LinearWarmup(ILearningRateSchedule Inner, int WarmupSteps, double StartFactor) : ILearningRateSchedule
{
    /// <summary>Warmup of a constant rate.</summary>
    public LinearWarmup(double rate, int warmupSteps, double startFactor) : this(new ConstantLr(rate), warmupSteps, startFactor) { }

    public int WarmupSteps { get; } = WarmupSteps > 0 ? WarmupSteps : throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must be positive.");

    public double StartFactor { get; } = StartFactor is > 0 and <= 1 ? StartFactor : throw new ArgumentOutOfRangeException(nameof(StartFactor), StartFactor, "StartFactor must be in (0, 1].");

    public double LearningRate(int step)
    {
        double progress = (double)Math.Min(Schedule.CheckStep(step), WarmupSteps) / WarmupSteps;
        return Inner.LearningRate(step) * (StartFactor + (1 - StartFactor) * progress);
    }
}
