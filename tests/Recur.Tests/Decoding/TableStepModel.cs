using Recur.Decoding;

namespace Recur.Tests.Decoding;

/// <summary>
/// A model whose whole distribution can be enumerated: p(next | input, prefix) comes from a fixed function of
/// the input id and the prefix (a seeded table by default), and optionally attention weights over a source of
/// S positions. The state of a row is its input id and prefix; the first token fed (the start token) is not
/// part of the prefix.
/// </summary>
sealed class TableStepModel(int vocabulary, Func<int, int[], float[]>? probabilities = null, Func<int, int[], float[]>? attention = null)
    : IStepModel<TableStepModel.Row[]>
{
    public sealed record Row(int Input, int[]? Prefix);

    readonly Func<int, int[], float[]> probabilities = probabilities ?? ((input, prefix) => Seeded(vocabulary, input, prefix));

    public int VocabularySize => vocabulary;

    public bool HasAttention => attention is not null;

    public int Steps { get; private set; }

    public static Row[] Inputs(int count) => Enumerable.Range(0, count).Select(i => new Row(i, null)).ToArray();

    /// <summary>ln p(v | input, prefix) as a float, the value the searches see.</summary>
    public float LogProb(int input, int[] prefix, int v) => MathF.Log(probabilities(input, prefix)[v]);

    public float[] Attention(int input, int[] prefix) => attention!(input, prefix);

    /// <summary>Strictly positive, uneven probabilities drawn from a generator seeded by the input and prefix.</summary>
    public static float[] Seeded(int vocabulary, int input, int[] prefix)
    {
        ulong seed = (ulong)input * 1_000_003UL + 17;
        foreach (int t in prefix) seed = seed * 31 + (ulong)t + 1;
        var g = new Generator(seed);
        var w = Enumerable.Range(0, vocabulary).Select(_ => 0.05 + g.NextDouble()).ToArray();
        double sum = w.Sum();
        return w.Select(x => (float)(x / sum)).ToArray();
    }

    public Row[] Step(Row[] state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attentionOut)
    {
        Steps++;
        var next = new Row[state.Length];
        int S = HasAttention ? attentionOut.Length / state.Length : 0;
        for (int r = 0; r < state.Length; r++)
        {
            var prefix = state[r].Prefix is { } p ? [.. p, tokens[r]] : Array.Empty<int>();
            next[r] = new Row(state[r].Input, prefix);
            for (int v = 0; v < vocabulary; v++) logProbs[r * vocabulary + v] = LogProb(state[r].Input, prefix, v);
            if (S > 0)
            {
                var a = attention!(state[r].Input, prefix);
                attentionOut.Slice(r * S, S).Clear();
                a.CopyTo(attentionOut.Slice(r * S, a.Length));
            }
        }
        return next;
    }

    public Row[] Select(Row[] state, ReadOnlySpan<int> rows)
    {
        var selected = new Row[rows.Length];
        for (int r = 0; r < rows.Length; r++) selected[r] = state[rows[r]];
        return selected;
    }
}
