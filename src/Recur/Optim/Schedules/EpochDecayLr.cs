namespace Recur.Optim.Schedules;

/// <summary>
/// Zaremba et al. (2014)'s schedule: the base rate for the first <paramref name="FullRateEpochs"/> epochs, then
/// multiplied by <paramref name="Factor"/> at the start of every later epoch: lr₀·γ^max(0, e + 1 − k) in epoch e
/// (0-based) of <paramref name="StepsPerEpoch"/> steps. Their small model uses k = 4, γ = 0.5; the medium one k = 6, γ = 0.8.
/// </summary>
public sealed record EpochDecayLr(double BaseRate, int StepsPerEpoch, double Factor, int FullRateEpochs) : ILearningRateSchedule
{
    public int StepsPerEpoch { get; } = StepsPerEpoch > 0 ? StepsPerEpoch : throw new ArgumentOutOfRangeException(nameof(StepsPerEpoch), StepsPerEpoch, "StepsPerEpoch must be positive.");

    public double LearningRate(int step)
    {
        int epoch = Schedule.CheckStep(step) / StepsPerEpoch;
        return BaseRate * Math.Pow(Factor, Math.Max(0, epoch + 1 - FullRateEpochs));
    }
}
