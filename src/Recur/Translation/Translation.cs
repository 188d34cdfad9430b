namespace Recur.Translation;

/// <summary>
/// One translated sentence: the detokenised text, the source and output tokens, the log-probability, further
/// hypotheses (n-best, best first, the first being <see cref="Text"/>), and when asked the attention weights
/// (|output tokens| + 1 rows — the last for &lt;/s&gt; — of |source tokens| + 1 columns, the last for &lt;/s&gt;).
/// </summary>
public sealed record Translation(string Text, string[] SourceTokens, string[] Tokens, double LogProbability, IReadOnlyList<string> Alternatives, float[]? Attention);
