namespace Recur.Training;

/// <summary>
/// When a run is finished: after <see cref="Steps"/> optimiser steps, <see cref="Epochs"/> passes over the data or
/// <see cref="Minutes"/> of training, whichever comes first. Each counts the whole run, resumes included, so a
/// resumed run finishes the original budget.
/// </summary>
public sealed record TrainingBudget(int? Steps = null, int? Epochs = null, double? Minutes = null)
{
    public bool IsUnbounded => Steps is null && Epochs is null && Minutes is null;

    public void Validate()
    {
        if (Steps is < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "The step budget must be at least 1.");
        if (Epochs is < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The epoch budget must be at least 1.");
        if (Minutes is double m && !(m > 0 && double.IsFinite(m))) throw new ArgumentOutOfRangeException(nameof(Minutes), m, "The time budget must be a positive number of minutes.");
    }

    /// <summary>True once any of the budgets is spent.</summary>
    public bool IsSpent(int step, int epoch, double elapsedSeconds) =>
        step >= Steps || epoch >= Epochs || elapsedSeconds >= Minutes * 60;

    /// <summary>The fraction of the budget spent (0..1): the largest of the three.</summary>
    public double Fraction(int step, double epochs, double elapsedSeconds)
    {
        double f = 0;
        if (Steps is int s) f = Math.Max(f, (double)step / s);
        if (Epochs is int e) f = Math.Max(f, epochs / e);
        if (Minutes is double m) f = Math.Max(f, elapsedSeconds / (m * 60));
        return Math.Clamp(f, 0, 1);
    }

    public override string ToString() => string.Join(", ", new[]
    {
        Steps is int s ? $"{s} step{(s == 1 ? "" : "s")}" : null, Epochs is int e ? $"{e} epoch{(e == 1 ? "" : "s")}" : null,
        Minutes is double m ? $"{m:0.##} minute{(m == 1 ? "" : "s")}" : null,
    }.OfType<string>().DefaultIfEmpty("no budget"));
}
