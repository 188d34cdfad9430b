namespace Recur.Optim.Schedules;

/// <summary>Decays the rate by <paramref name="Gamma"/> every step: lr₀·γᵗ (PyTorch's <c>ExponentialLR</c>).</summary>
public sealed record ExponentialLr(double BaseRate, double Gamma) : ILearningRateSchedule
{
    public double LearningRate(int step) => BaseRate * Math.Pow(Gamma, Schedule.CheckStep(step));
}
