using Recur.Decoding;

namespace Recur.Translation;

/// <summary>
/// How <see cref="Translator"/> decodes: beam search of <see cref="Beam"/> (1: greedy), or sampling when
/// <see cref="Sampling"/> is set; at most a·|X| + b target tokens; <see cref="BatchSize"/> sentences per batch.
/// </summary>
public sealed record TranslationOptions
{
    public int Beam { get; init; } = 5;
    public int NBest { get; init; } = 1;
    public LengthNormalization LengthNormalization { get; init; } = LengthNormalization.None;
    public SamplingOptions? Sampling { get; init; }
    public double MaxLengthA { get; init; } = 2;
    public int MaxLengthB { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    /// <summary>Let the decoder emit &lt;unk&gt; (off: a word model's unknown token is never output).</summary>
    public bool AllowUnknown { get; init; }
    /// <summary>Keep each output's attention weights (target × source).</summary>
    public bool ReturnAttention { get; init; }

    public void Validate()
    {
        if (Beam < 1) throw new ArgumentOutOfRangeException(nameof(Beam), Beam, "The beam needs at least 1 hypothesis.");
        if (NBest < 1 || NBest > Math.Max(Beam, Sampling?.SamplesPerInput ?? 1))
            throw new ArgumentOutOfRangeException(nameof(NBest), NBest, "N-best must lie between 1 and the beam size (or the samples per input).");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one sentence.");
        if (MaxLengthA < 0 || MaxLengthB < 1) throw new ArgumentOutOfRangeException(nameof(MaxLengthB), "The length limit a·|X| + b needs a ≥ 0 and b ≥ 1.");
    }
}
