namespace Recur.Metrics;

/// <summary>chrF's settings, named after sacreBLEU's constructor arguments; <c>WordOrder = 2</c> is chrF++.</summary>
public sealed record ChrFOptions
{
    /// <summary>Longest character n-gram (6, Popović 2015).</summary>
    public int CharOrder { get; init; } = 6;

    /// <summary>Longest word n-gram (0 for chrF; 2 for chrF++, Popović 2017).</summary>
    public int WordOrder { get; init; }

    /// <summary>Recall weighs β times as much as precision (2).</summary>
    public int Beta { get; init; } = 2;

    public bool Lowercase { get; init; }

    /// <summary>Keep whitespace inside character n-grams (off: whitespace is removed first).</summary>
    public bool Whitespace { get; init; }

    /// <summary>
    /// Average per-order F-scores with ε for empty orders, as chrF++.py does (signature <c>eff:no</c>); off (the
    /// default) averages precision and recall over the orders both sides have, then takes one F-score.
    /// </summary>
    public bool EpsSmoothing { get; init; }

    /// <summary>The preset for chrF++.</summary>
    public static ChrFOptions ChrFPlusPlus => new() { WordOrder = 2 };

    internal void Validate()
    {
        if (CharOrder < 0 || WordOrder < 0 || CharOrder + WordOrder == 0)
            throw new ArgumentOutOfRangeException(nameof(CharOrder), "The character and word orders must be non-negative and not both 0.");
        if (Beta < 0) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "β must be non-negative.");
    }
}
