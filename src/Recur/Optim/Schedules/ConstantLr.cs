namespace Recur.Optim.Schedules;

/// <summary>The same learning rate at every step.</summary>
public sealed record ConstantLr(double Rate) : ILearningRateSchedule
{
    public double LearningRate(int step) => Rate;
}
