namespace Recur.Decoding;

/// <summary>
/// Settings of <see cref="CtcPrefixBeamSearch"/>, with pyctcdecode's defaults. Log-probabilities are natural
/// logarithms: the acoustic model's log-softmax and the language model's ln p alike.
/// </summary>
public sealed record CtcBeamSearchOptions
{
    /// <summary>Prefixes kept after each frame.</summary>
    public int BeamWidth { get; init; } = 100;

    /// <summary>α: the language model's weight, on ln p_LM of each completed word and of <c>&lt;/s&gt;</c>.</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>β: the bonus per word scored by the language model; larger values favour more, shorter words.</summary>
    public double Beta { get; init; } = 1.5;

    /// <summary>
    /// Added to the score of each word the language model does not know (after α weighting), as pyctcdecode's
    /// <c>unk_score_offset</c> (its default is −10). 0, the default here, leaves unknown words to the model's own
    /// <c>&lt;unk&gt;</c> probability, which Kneser–Ney estimates from a small corpus can make generous.
    /// </summary>
    public double UnknownWordOffset { get; init; }

    /// <summary>Per frame, classes (blank included) with ln p below this are not expanded; the frame's best class always is. −∞ expands every class.</summary>
    public double TokenMinLogProb { get; init; } = -5.0;

    /// <summary>After each frame, prefixes whose score lies more than this below the best one's are dropped. −∞ keeps all that fit the beam.</summary>
    public double BeamPruneLogProb { get; init; } = -10.0;

    /// <summary>Hypotheses returned, best first, with distinct texts; at most <see cref="BeamWidth"/>.</summary>
    public int NBest { get; init; } = 1;

    /// <summary>
    /// Words (a phrase counts as its words, split at <see cref="WordDelimiter"/>) to favour. A prefix whose current
    /// word w is a prefix of a hotword h gets <see cref="HotwordWeight"/> · |w| / |h| (h the shortest such hotword,
    /// lengths in characters) while the word is being spelled; a completed word that is a hotword keeps the whole
    /// <see cref="HotwordWeight"/>, one that is not loses the partial bonus.
    /// </summary>
    public IReadOnlyList<string> Hotwords { get; init; } = [];

    /// <summary>The bonus, in log-probability units, of each completed hotword.</summary>
    public double HotwordWeight { get; init; } = 10.0;

    /// <summary>
    /// When given, the only words a hypothesis may hold (split at <see cref="WordDelimiter"/> as hotwords are): a prefix
    /// is extended only while its current word spells the start of one of them, and a word closes (at a delimiter or
    /// the end) only if it is one. This is what a lexicon does in a WFST decoder such as Kaldi's, whose graph spells
    /// nothing else; null lets the characters spell any word.
    /// </summary>
    public IReadOnlyList<string>? Lexicon { get; init; }

    /// <summary>The alphabet entry that separates words; needed when a language model is given.</summary>
    public string WordDelimiter { get; init; } = " ";

    internal void Validate()
    {
        if (BeamWidth < 1) throw new ArgumentOutOfRangeException(nameof(BeamWidth), BeamWidth, "The beam needs at least one prefix.");
        if (NBest < 1 || NBest > BeamWidth) throw new ArgumentOutOfRangeException(nameof(NBest), NBest, $"NBest must lie in [1, {BeamWidth}] (the beam width).");
        if (!double.IsFinite(UnknownWordOffset)) throw new ArgumentOutOfRangeException(nameof(UnknownWordOffset), UnknownWordOffset, "The unknown-word offset must be finite.");
        if (!double.IsFinite(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "α must be finite.");
        if (!double.IsFinite(Beta)) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "β must be finite.");
        if (double.IsNaN(TokenMinLogProb) || TokenMinLogProb > 0)
            throw new ArgumentOutOfRangeException(nameof(TokenMinLogProb), TokenMinLogProb, "The token threshold is a log-probability: at most 0, or −∞.");
        if (double.IsNaN(BeamPruneLogProb) || BeamPruneLogProb > 0)
            throw new ArgumentOutOfRangeException(nameof(BeamPruneLogProb), BeamPruneLogProb, "The beam pruning margin must be at most 0, or −∞.");
        if (!double.IsFinite(HotwordWeight)) throw new ArgumentOutOfRangeException(nameof(HotwordWeight), HotwordWeight, "The hotword weight must be finite.");
        if (string.IsNullOrEmpty(WordDelimiter)) throw new ArgumentException("The word delimiter must be a non-empty alphabet entry.", nameof(WordDelimiter));
        ArgumentNullException.ThrowIfNull(Hotwords, nameof(Hotwords));
    }
}
