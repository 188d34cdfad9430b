using System.Runtime.CompilerServices;

namespace Recur.NGram;

/// <summary>
/// Totals of a model over a text, with the three figures KenLM's <c>query</c> prints. Each sentence contributes its
/// words and one <c>&lt;/s&gt;</c> to <see cref="Tokens"/>; an out-of-vocabulary word is scored as
/// <c>&lt;unk&gt;</c>, and "excluding OOVs" removes both its log-probability and its token.
/// </summary>
public readonly record struct PerplexityResult(double Log10Prob, double OovLog10Prob, long Tokens, long Oovs, long Sentences)
{
    public double Perplexity => Math.Pow(10, -Log10Prob / Tokens);

    public double PerplexityExcludingOov => Math.Pow(10, -(Log10Prob - OovLog10Prob) / (Tokens - Oovs));
}

/// <summary>Perplexity of a back-off model over text, one sentence per line.</summary>
public static class Perplexity
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PerplexityResult Evaluate(BackoffModel model, TextReader text, CancellationToken cancellationToken = default)
    {
        Span<int> state = stackalloc int[Math.Max(1, model.Order - 1)];
        Span<int> scratch = stackalloc int[state.Length];
        var vocabulary = model.Vocabulary;
        double total = 0, oovTotal = 0;
        long tokens = 0, oovs = 0, sentences = 0;
        while (text.ReadLine() is { } line)
        {
            if ((++sentences & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            int length = model.BeginSentenceContext(state);
            int position = 0;
            while (Whitespace.NextToken(line, ref position, out var token))
            {
                int word = vocabulary.IndexOf(token);
                float p = model.Score(state[..length], word, scratch, out length);
                scratch[..length].CopyTo(state);
                total += p;
                tokens++;
                if (word == Vocabulary.Unknown)
                {
                    oovs++;
                    oovTotal += p;
                }
            }
            total += model.Score(state[..length], Vocabulary.EndSentence, scratch, out _);
            tokens++;
        }
        return new PerplexityResult(total, oovTotal, tokens, oovs, sentences);
    }
}
