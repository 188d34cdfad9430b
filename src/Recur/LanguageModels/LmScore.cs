namespace Recur.LanguageModels;

/// <summary>
/// A language model's average loss over <see cref="Chars"/> predicted characters, in the three customary units:
/// nats/char (mean −ln p), bits/char = nats / ln 2, and perplexity = e^nats.
/// </summary>
public readonly record struct LmScore(double Nats, long Chars)
{
    public double BitsPerChar => Nats / Math.Log(2);
    public double Perplexity => Math.Exp(Nats);
}
