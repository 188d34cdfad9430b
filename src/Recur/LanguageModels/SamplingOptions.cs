namespace Recur.LanguageModels;

/// <summary>How to pick each next token: greedy, or a draw at <see cref="Temperature"/> after optional top-k and top-p truncation.</summary>
public sealed record SamplingOptions(float Temperature = 1f, int? TopK = null, float? TopP = null, bool Greedy = false);
