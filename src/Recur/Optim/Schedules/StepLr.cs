namespace Recur.Optim.Schedules;

/// <summary>Decays the rate by <paramref name="Gamma"/> every <paramref name="StepSize"/> steps: lr₀·γ^⌊t / s⌋ (PyTorch's <c>StepLR</c>).</summary>
public sealed record StepLr(double BaseRate, int StepSize, double Gamma = 0.1) : ILearningRateSchedule
{
    public int StepSize { get; } = StepSize > 0 ? StepSize : throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "StepSize must be positive.");

    public double LearningRate(int step) => BaseRate * Math.Pow(Gamma, Schedule.CheckStep(step) / StepSize);
}
