namespace Recur.Metrics;

/// <summary>BLEU's settings, named after sacreBLEU's constructor arguments.</summary>
public sealed record BleuOptions
{
    /// <summary>Lowercase hypotheses and references before tokenising (<c>lowercase</c>, signature <c>case:lc</c>).</summary>
    public bool Lowercase { get; init; }

    public BleuSmoothing Smoothing { get; init; } = BleuSmoothing.Exp;

    /// <summary>ε for <see cref="BleuSmoothing.Floor"/> (0.1) or k for <see cref="BleuSmoothing.AddK"/> (1); null takes those defaults.</summary>
    public double? SmoothValue { get; init; }

    /// <summary>Average only over the n-gram orders the hypothesis has (<c>effective_order</c>); sentence BLEU turns it on.</summary>
    public bool EffectiveOrder { get; init; }

    /// <summary>The longest n-gram counted (4).</summary>
    public int MaxOrder { get; init; } = 4;

    /// <summary>The smoothing value in force: the one given, or the method's default (null for exp and none).</summary>
    public double? EffectiveSmoothValue => Smoothing switch
    {
        BleuSmoothing.Floor => SmoothValue ?? 0.1,
        BleuSmoothing.AddK => SmoothValue ?? 1,
        _ => null,
    };

    internal void Validate()
    {
        if (MaxOrder < 1) throw new ArgumentOutOfRangeException(nameof(MaxOrder), MaxOrder, "The n-gram order must be at least 1.");
        if (EffectiveSmoothValue is double v && !(v > 0 && double.IsFinite(v)))
            throw new ArgumentOutOfRangeException(nameof(SmoothValue), v, "The smoothing value must be positive and finite.");
    }
}
