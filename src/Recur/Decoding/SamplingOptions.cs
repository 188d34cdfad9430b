namespace Recur.Decoding;

/// <summary>
/// How <see cref="Sampler"/> picks each next token (greedy, or a draw at <see cref="Temperature"/> after optional
/// top-k, top-p and min-p truncation) and how long it runs: at most <see cref="MaxLength"/> tokens per sample,
/// stopping early at <see cref="EndToken"/> when one is given, never before <see cref="MinLength"/> tokens.
/// </summary>
public sealed record SamplingOptions(float Temperature = 1f, int? TopK = null, float? TopP = null, bool Greedy = false, float? MinP = null)
{
    public int MaxLength { get; init; } = 100;

    public int? EndToken { get; init; }

    public int MinLength { get; init; }

    /// <summary>Independent samples drawn for every input (rows = inputs × samples).</summary>
    public int SamplesPerInput { get; init; } = 1;

    internal void Validate(int vocabularySize)
    {
        if (!(Temperature > 0) || float.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be a positive finite number.");
        if (TopK is < 1) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "Top-k needs k ≥ 1.");
        if (TopP is float p && !(p > 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(TopP), p, "Top-p needs 0 < p ≤ 1.");
        if (MinP is float m && !(m >= 0f && m <= 1f)) throw new ArgumentOutOfRangeException(nameof(MinP), m, "Min-p needs 0 ≤ p ≤ 1.");
        if (MaxLength < 0) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "The maximum length must be non-negative.");
        if (MinLength < 0) throw new ArgumentOutOfRangeException(nameof(MinLength), MinLength, "The minimum length must be non-negative.");
        if (SamplesPerInput < 1) throw new ArgumentOutOfRangeException(nameof(SamplesPerInput), SamplesPerInput, "At least one sample per input.");
        if (EndToken is int e && (uint)e >= (uint)vocabularySize) throw new ArgumentOutOfRangeException(nameof(EndToken), e, $"The end token must be a vocabulary id below {vocabularySize}.");
    }
}
