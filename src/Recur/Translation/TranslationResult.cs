namespace Recur.Translation;

/// <summary>
/// One translated sentence: the detokenised text, the source and output tokens, the log-probability, further
/// hypotheses (n-best, best first, the first being <see cref="Text"/>), whether the output ended with &lt;/s&gt; (rather
/// than at the length limit), and when asked the attention weights: one row per output token and one more for
/// &lt;/s&gt; when <see cref="Ended"/>, each of |source tokens| + 1 columns, the last for the source's &lt;/s&gt;.
/// </summary>
public sealed record TranslationResult(string Text, string[] SourceTokens, string[] Tokens, double LogProbability, bool Ended,
    IReadOnlyList<string> Alternatives, float[]? Attention);
