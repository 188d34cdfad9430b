namespace Recur.Optim.Schedules;

/// <summary>
/// A learning rate as a closed-form function of the number of optimiser steps already taken. The training loop sets
/// <c>optimizer.LearningRate = schedule.LearningRate(step)</c> before step <c>step</c> (0, 1, …). Being a pure
/// function, a schedule needs no state to save and resumes exactly from any step. <c>LearningRate(t)</c> equals the
/// rate a PyTorch scheduler sets after <c>t</c> calls to <c>scheduler.step()</c>.
/// </summary>
public interface ILearningRateSchedule
{
    double LearningRate(int step);
}
