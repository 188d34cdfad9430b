namespace Recur.Optim.Schedules;

/// <summary>Argument checks shared by the schedules.</summary>
internal static class Schedule
{
    public static int CheckStep(int step) =>
        step >= 0 ? step : throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be non-negative.");
}
