namespace Recur.Training;

/// <summary>
/// "Decay when validation stops improving" (PyTorch's <c>ReduceLROnPlateau</c>, the rule of Zaremba et al. 2014's
/// and Merity et al. 2017's SGD runs): after <see cref="Patience"/> evaluations without improvement the learning
/// rate is multiplied by <see cref="Factor"/>, never below <see cref="MinRate"/>. The multiplier applies on top of the
/// step schedule and is part of the checkpoint.
/// </summary>
public sealed record PlateauDecay(double Factor = 0.5, int Patience = 1, double MinRate = 0)
{
    public double Factor { get; } = Factor is > 0 and < 1 ? Factor : throw new ArgumentOutOfRangeException(nameof(Factor), Factor, "The decay factor must lie in (0, 1).");
    public int Patience { get; } = Patience >= 1 ? Patience : throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be at least 1.");
}
