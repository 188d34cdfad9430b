namespace Recur.Decoding;

/// <summary>
/// Length normalisation of a finished hypothesis: score = log P(Y | X) / lp(|Y|), where |Y| counts the generated
/// tokens including the end token. α = 0 turns <see cref="LengthNormalizationKind.Power"/> and
/// <see cref="LengthNormalizationKind.Gnmt"/> into no normalisation; GNMT used α between 0.6 and 0.7.
/// </summary>
public readonly record struct LengthNormalization(LengthNormalizationKind Kind, double Alpha = 0)
{
    public static LengthNormalization None => new(LengthNormalizationKind.None);

    public static LengthNormalization Average => new(LengthNormalizationKind.Average);

    public static LengthNormalization Power(double alpha) => new(LengthNormalizationKind.Power, alpha);

    public static LengthNormalization Gnmt(double alpha) => new(LengthNormalizationKind.Gnmt, alpha);

    /// <summary>lp(|Y|), the divisor of the log-probability.</summary>
    public double Divisor(int length) => Kind switch
    {
        LengthNormalizationKind.Average => Math.Max(length, 1),
        LengthNormalizationKind.Power => Math.Pow(length, Alpha),
        LengthNormalizationKind.Gnmt => Math.Pow((5.0 + length) / 6.0, Alpha),
        _ => 1.0,
    };

    internal void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown length normalisation.");
        if (!double.IsFinite(Alpha) || Alpha < 0) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Length normalisation needs a finite α ≥ 0.");
    }
}
