namespace Recur.Decoding;

/// <summary>
/// Greedy decoding and ancestral sampling over a step model, batched over inputs × samples: each step runs the
/// model once on every row, then picks each live row's next token by <see cref="Sampling.Next"/>. Rows draw from
/// the one <see cref="Generator"/> in row order at every step, so a seed fixes every sample. A row that emits the
/// end token is finished and is fed the end token (its output ignored) until all rows are done.
/// </summary>
public static class Sampler
{
    /// <param name="initial">The state of the N inputs, one row each.</param>
    /// <param name="startTokens">The first token fed for each input; N = its length.</param>
    /// <param name="generator">Required unless <see cref="SamplingOptions.Greedy"/>.</param>
    /// <param name="onToken">Called with (row, token) as each token is chosen, rows in order, so output can be streamed; row = input · samples + sample.</param>
    /// <param name="sourceLengths">For a model with attention: the attention width (the longest source).</param>
    /// <returns>For each input, its <see cref="SamplingOptions.SamplesPerInput"/> samples in draw order; Score equals LogProbability.</returns>
    public static Hypothesis[][] Generate<TState>(IStepModel<TState> model, TState initial, ReadOnlySpan<int> startTokens, SamplingOptions options,
        Generator? generator, Action<int, int>? onToken = null, ReadOnlySpan<int> sourceLengths = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        int V = model.VocabularySize;
        options.Validate(V);
        if (!options.Greedy) ArgumentNullException.ThrowIfNull(generator);
        if (model.HasAttention && sourceLengths.IsEmpty)
            throw new ArgumentException("A model with attention needs the source lengths (the attention width).", nameof(sourceLengths));
        int N = startTokens.Length, M = options.SamplesPerInput, R = N * M, T = options.MaxLength;
        var tokens = new int[R];
        var expand = new int[R];
        for (int r = 0; r < R; r++) (expand[r], tokens[r]) = (r / M, startTokens[r / M]);
        var state = M == 1 ? initial : model.Select(initial, expand);
        var logProbs = new float[R * V];
        var attention = new float[model.HasAttention ? R * Max(sourceLengths) : 0];
        var scratch = new float[V];
        var history = new int[R * T];
        var lengths = new int[R];
        var logP = new double[R];
        var ended = new bool[R];
        int end = options.EndToken ?? -1;
        for (int t = 0; t < T; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state = model.Step(state, tokens, logProbs, attention);
            bool live = false;
            for (int r = 0; r < R; r++)
            {
                if (ended[r]) continue;
                var row = logProbs.AsSpan(r * V, V);
                if (end >= 0 && t < options.MinLength) row[end] = float.NegativeInfinity;
                int v = Sampling.Next(row, options, generator, scratch);
                logP[r] += row[v];
                lengths[r] = t + 1;
                tokens[r] = v;
                onToken?.Invoke(r, v);
                if (v == end) ended[r] = true;
                else { history[r * T + t] = v; live = true; }
            }
            if (!live) break;
        }
        var results = new Hypothesis[N][];
        for (int n = 0; n < N; n++)
        {
            results[n] = new Hypothesis[M];
            for (int m = 0; m < M; m++)
            {
                int r = n * M + m, produced = lengths[r] - (ended[r] ? 1 : 0);
                results[n][m] = new Hypothesis(history.AsSpan(r * T, produced).ToArray(), logP[r], logP[r], lengths[r], ended[r]);
            }
        }
        return results;
    }

    /// <summary>Greedy decoding: the most probable token at every step, until <paramref name="endToken"/> or <paramref name="maxLength"/> tokens.</summary>
    public static Hypothesis[] Greedy<TState>(IStepModel<TState> model, TState initial, ReadOnlySpan<int> startTokens, int maxLength, int? endToken,
        ReadOnlySpan<int> sourceLengths = default, CancellationToken cancellationToken = default) =>
        Generate(model, initial, startTokens, new SamplingOptions(Greedy: true) { MaxLength = maxLength, EndToken = endToken }, null, null,
            sourceLengths, cancellationToken).Select(h => h[0]).ToArray();

    static int Max(ReadOnlySpan<int> values)
    {
        int max = 0;
        foreach (int v in values) max = Math.Max(max, v);
        return max;
    }
}
