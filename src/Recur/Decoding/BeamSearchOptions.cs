namespace Recur.Decoding;

/// <summary>
/// Settings of <see cref="BeamSearch"/>. Lengths count generated tokens before the end token: a hypothesis has at
/// least <see cref="MinLength"/> of them and at most a·|X| + b (<see cref="MaxLengthA"/>, <see cref="MaxLengthB"/>,
/// fairseq's max_len_a and max_len_b), after which the end token is forced.
/// </summary>
public sealed record BeamSearchOptions
{
    /// <summary>K: hypotheses kept alive per input (across all groups).</summary>
    public int BeamSize { get; init; } = 5;

    /// <summary>Hypotheses returned per input, best first; at most <see cref="BeamSize"/>.</summary>
    public int NBest { get; init; } = 1;

    /// <summary>The end-of-sequence token; choosing it finishes a hypothesis.</summary>
    public required int EndToken { get; init; }

    public int MinLength { get; init; }

    public double MaxLengthA { get; init; }

    public int MaxLengthB { get; init; } = 200;

    public LengthNormalization LengthNormalization { get; init; } = LengthNormalization.None;

    /// <summary>Needs a model with attention and the source lengths.</summary>
    public CoveragePenalty CoveragePenalty { get; init; } = CoveragePenalty.None;

    /// <summary>n &gt; 0 forbids any token that would repeat an n-gram already in the hypothesis (fairseq's no_repeat_ngram_size).</summary>
    public int NoRepeatNGramSize { get; init; }

    /// <summary>
    /// true: an input (or a diverse group) stops once it has as many finished hypotheses as beams (fairseq, and
    /// Hugging Face's early_stopping=True). false: it stops only when no live hypothesis can still beat the worst
    /// kept finished one, bounding the score by the longest allowed length, which makes the search exact when the
    /// beam covers the search space.
    /// </summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary>G: diverse beam search (Vijayakumar et al. 2016) splits the beam into G groups of K / G.</summary>
    public int Groups { get; init; } = 1;

    /// <summary>λ: subtracted from a token's log-probability in group g once for every earlier group's beam that chose it at the same step (Hamming diversity).</summary>
    public double DiversityStrength { get; init; }

    /// <summary>Copies each finished hypothesis's attention (|Y| × |X|) when the model has attention.</summary>
    public bool ReturnAttention { get; init; } = true;

    /// <summary>The longest allowed output for a source of <paramref name="sourceLength"/> tokens.</summary>
    public int MaxLength(int sourceLength) => Math.Max(0, (int)Math.Floor(MaxLengthA * sourceLength + MaxLengthB));

    internal void Validate(int vocabularySize)
    {
        if (BeamSize < 1) throw new ArgumentOutOfRangeException(nameof(BeamSize), BeamSize, "The beam needs at least one hypothesis.");
        if (NBest < 1 || NBest > BeamSize) throw new ArgumentOutOfRangeException(nameof(NBest), NBest, $"NBest must lie in [1, {BeamSize}] (the beam size).");
        if ((uint)EndToken >= (uint)vocabularySize) throw new ArgumentOutOfRangeException(nameof(EndToken), EndToken, $"The end token must be a vocabulary id below {vocabularySize}.");
        if (MinLength < 0) throw new ArgumentOutOfRangeException(nameof(MinLength), MinLength, "The minimum length must be non-negative.");
        if (!double.IsFinite(MaxLengthA) || MaxLengthA < 0) throw new ArgumentOutOfRangeException(nameof(MaxLengthA), MaxLengthA, "a in a·|X| + b must be finite and non-negative.");
        if (MaxLengthB < 0) throw new ArgumentOutOfRangeException(nameof(MaxLengthB), MaxLengthB, "b in a·|X| + b must be non-negative.");
        if (NoRepeatNGramSize < 0) throw new ArgumentOutOfRangeException(nameof(NoRepeatNGramSize), NoRepeatNGramSize, "The n-gram size must be non-negative.");
        if (Groups < 1 || BeamSize % Groups != 0) throw new ArgumentOutOfRangeException(nameof(Groups), Groups, $"The groups must divide the beam size {BeamSize}.");
        if (!double.IsFinite(DiversityStrength) || DiversityStrength < 0) throw new ArgumentOutOfRangeException(nameof(DiversityStrength), DiversityStrength, "The diversity strength must be finite and non-negative.");
        LengthNormalization.Validate();
        CoveragePenalty.Validate();
    }
}
