namespace Recur.Training;

/// <summary>
/// Stops training when the selected validation metric has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> evaluations in a row.
/// </summary>
public sealed record EarlyStopping(int Patience, double MinDelta = 0)
{
    public int Patience { get; } = Patience >= 1 ? Patience : throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be at least 1.");
}
