using System.Diagnostics;
using System.Numerics.Tensors;
using Recur.Embeddings.Corpus;

namespace Recur.Embeddings.GloVe;

/// <summary>
/// Fits GloVe (Pennington et al. 2014, eq. 8): minimise Σ f(X_ij)(w_i·w̃_j + b_i + b̃_j − log X_ij)² over the
/// non-zero co-occurrences, with f(x) = (x/x_max)^α below x_max and 1 above, by AdaGrad (Duchi et al. 2011) with
/// squared-gradient sums starting at 1, as GloVe's C tool does. The pairs are shuffled once; each thread then runs
/// over its own contiguous share every epoch, updating the shared parameters without locks.
/// </summary>
public static class GloVeTrainer
{
    /// <summary>The weighting function f of eq. 9.</summary>
    public static double Weight(double x, double xMax, double alpha) => x >= xMax ? 1 : Math.Pow(x / xMax, alpha);

    public static GloVeModel Train(EmbeddingCorpus corpus, GloVeOptions options, IProgress<EmbeddingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var matrix = CooccurrenceMatrix.FromCorpus(corpus, options.Window, cancellationToken);
        if (matrix.Count == 0) throw new ArgumentException("no two words co-occur: every sentence has one word", nameof(corpus));
        return Train(corpus.Words, matrix, options, progress, cancellationToken);
    }

    public static GloVeModel Train(IReadOnlyList<string> words, CooccurrenceMatrix matrix, GloVeOptions options, IProgress<EmbeddingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(matrix);
        options.Validate();
        int v = words.Count, d = options.Dimension;
        var random = new Generator(options.Seed);
        float Init() => (random.NextFloat() - 0.5f) / d;
        var p = new Parameters(v, d);
        for (int i = 0; i < p.Word.Length; i++) { p.Word[i] = Init(); p.Context[i] = Init(); }
        for (int i = 0; i < v; i++) { p.WordBias[i] = Init(); p.ContextBias[i] = Init(); }

        // One shuffle of the pair order (GloVe's shuffle tool), so that no thread sees one word's pairs in a run.
        var order = Enumerable.Range(0, matrix.Count).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var targets = new Target[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            int k = order[i];
            double x = matrix.Values[k];
            targets[i] = new Target(matrix.Rows[k], matrix.Columns[k], (float)Math.Log(x), (float)Weight(x, options.XMax, options.Alpha));
        }

        var losses = new List<double>();
        var clock = Stopwatch.StartNew();
        long total = (long)targets.Length * options.Epochs;
        float lr = (float)options.LearningRate;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            var cost = new double[options.Threads];
            var threads = Enumerable.Range(0, options.Threads).Select(t => new Thread(() =>
            {
                int from = (int)((long)targets.Length * t / options.Threads), to = (int)((long)targets.Length * (t + 1) / options.Threads);
                cost[t] = RunShard(p, targets.AsSpan(from, to - from), lr, cancellationToken);
            }) { IsBackground = true, Name = "glove worker" }).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
            cancellationToken.ThrowIfCancellationRequested();
            losses.Add(cost.Sum() / targets.Length);
            long done = (long)targets.Length * (epoch + 1);
            double rate = done / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            progress?.Report(new EmbeddingProgress(done, total, rate / options.Threads, clock.Elapsed,
                TimeSpan.FromSeconds((total - done) / rate), lr, losses[^1], epoch == options.Epochs - 1));
        }
        return new GloVeModel(words, d, p.Word, p.Context, p.WordBias, p.ContextBias, losses);
    }

    readonly record struct Target(int Row, int Column, float LogCount, float Weight);

    sealed class Parameters(int v, int d)
    {
        public readonly int D = d;
        public readonly float[] Word = new float[v * d], Context = new float[v * d], WordBias = new float[v], ContextBias = new float[v];
        public readonly float[] WordSquares = Ones(v * d), ContextSquares = Ones(v * d), WordBiasSquares = Ones(v), ContextBiasSquares = Ones(v);

        static float[] Ones(int n)
        {
            var a = new float[n];
            Array.Fill(a, 1f);
            return a;
        }
    }

    /// <summary>One pass over a share of the pairs; returns the summed weighted loss. Scratch is per call, nothing per pair.</summary>
    static double RunShard(Parameters p, ReadOnlySpan<Target> targets, float lr, CancellationToken cancellationToken)
    {
        int d = p.D;
        var gw = new float[d];
        var gc = new float[d];
        var scale = new float[d];
        double cost = 0;
        for (int n = 0; n < targets.Length; n++)
        {
            if ((n & 0xFFFF) == 0 && cancellationToken.IsCancellationRequested) break;
            var t = targets[n];
            var w = p.Word.AsSpan(t.Row * d, d);
            var c = p.Context.AsSpan(t.Column * d, d);
            float diff = TensorPrimitives.Dot(w, c) + p.WordBias[t.Row] + p.ContextBias[t.Column] - t.LogCount;
            float fdiff = t.Weight * diff;
            cost += 0.5 * fdiff * diff;
            fdiff *= lr;
            // ∂/∂w = fdiff·w̃, ∂/∂w̃ = fdiff·w (both taken before either moves).
            TensorPrimitives.Multiply(c, fdiff, gw);
            TensorPrimitives.Multiply(w, fdiff, gc);
            Step(w, gw, p.WordSquares.AsSpan(t.Row * d, d), scale);
            Step(c, gc, p.ContextSquares.AsSpan(t.Column * d, d), scale);
            p.WordBias[t.Row] -= fdiff / MathF.Sqrt(p.WordBiasSquares[t.Row]);
            p.ContextBias[t.Column] -= fdiff / MathF.Sqrt(p.ContextBiasSquares[t.Column]);
            p.WordBiasSquares[t.Row] += fdiff * fdiff;
            p.ContextBiasSquares[t.Column] += fdiff * fdiff;
        }
        return cost;
    }

    /// <summary>AdaGrad: x −= g/√G, then G += g².</summary>
    static void Step(Span<float> x, ReadOnlySpan<float> g, Span<float> squares, Span<float> scratch)
    {
        TensorPrimitives.Sqrt(squares, scratch);
        TensorPrimitives.Divide(g, scratch, scratch);
        TensorPrimitives.Subtract(x, scratch, x);
        TensorPrimitives.MultiplyAdd(g, g, squares, squares);
    }
}
