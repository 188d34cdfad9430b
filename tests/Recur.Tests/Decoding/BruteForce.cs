using Recur.Decoding;

namespace Recur.Tests.Decoding;

/// <summary>Every finished output of a <see cref="TableStepModel"/> with its score, found by enumeration, best first.</summary>
static class BruteForce
{
    public sealed record Output(int[] Tokens, double LogProbability, double Score);

    /// <param name="allowed">Filter on the content tokens (no-repeat blocking); null keeps all.</param>
    public static List<Output> Enumerate(TableStepModel model, int input, int end, int minLength, int maxLength, LengthNormalization normalization,
        CoveragePenalty coverage = default, int sourceLength = 0, Func<int[], bool>? allowed = null)
    {
        var outputs = new List<Output>();
        void Walk(int[] prefix, double logP)
        {
            if (prefix.Length >= minLength && (allowed?.Invoke(prefix) ?? true))
            {
                double total = logP + model.LogProb(input, prefix, end);
                double term = 0;
                if (coverage.Kind != CoveragePenaltyKind.None)
                {
                    var c = new float[sourceLength];
                    for (int j = 0; j <= prefix.Length; j++)
                    {
                        var a = model.Attention(input, prefix[..j]);
                        for (int i = 0; i < sourceLength; i++) c[i] += a[i];
                    }
                    term = coverage.Term(c);
                }
                outputs.Add(new Output(prefix, total, total / normalization.Divisor(prefix.Length + 1) + term));
            }
            if (prefix.Length == maxLength) return;
            for (int v = 0; v < model.VocabularySize; v++)
                if (v != end) Walk([.. prefix, v], logP + model.LogProb(input, prefix, v));
        }
        Walk([], 0);
        return outputs.OrderByDescending(o => o.Score).ToList();
    }

    /// <summary>Whether some n-gram occurs twice in <paramref name="tokens"/>.</summary>
    public static bool RepeatsNGram(int[] tokens, int n)
    {
        var seen = new HashSet<string>();
        for (int i = 0; i + n <= tokens.Length; i++)
            if (!seen.Add(string.Join(",", tokens[i..(i + n)]))) return true;
        return false;
    }
}
