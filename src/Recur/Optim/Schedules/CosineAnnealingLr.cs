namespace Recur.Optim.Schedules;

/// <summary>
/// Cosine annealing without restarts (Loshchilov &amp; Hutter 2017, SGDR eq. 5):
/// η_min + (lr₀ − η_min)·(1 + cos(π·t / T_max)) / 2. As PyTorch's <c>CosineAnnealingLR</c>, the cosine continues past
/// T_max, so the rate climbs back towards lr₀ over the next T_max steps; stop training at T_max for a single decay.
/// </summary>
public sealed record CosineAnnealingLr(double BaseRate, int MaxSteps, double MinRate = 0) : ILearningRateSchedule
{
    public int MaxSteps { get; } = MaxSteps > 0 ? MaxSteps : throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "MaxSteps must be positive.");

    public double LearningRate(int step) =>
        MinRate + (BaseRate - MinRate) * (1 + Math.Cos(Math.PI * Schedule.CheckStep(step) / MaxSteps)) / 2;
}
