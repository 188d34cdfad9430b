using System.Diagnostics;
using Recur.Embeddings.Corpus;
using Recur.Embeddings.FastText;

namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// Trains skip-gram or CBOW vectors (Mikolov et al. 2013), with fastText's character n-grams when MaxN &gt; 0
/// (Bojanowski et al. 2017), by lock-free parallel SGD: each thread walks its own contiguous shard of the corpus
/// once per epoch and updates the shared matrices without locks (Hogwild; Recht et al. 2011), as word2vec.c and
/// fastText do. The learning rate falls linearly from its start to 0 over all threads' words together.
/// </summary>
public static class Word2VecTrainer
{
    /// <summary>fastText's end-of-line token, which it gives no n-grams.</summary>
    const string EndOfLine = "</s>";

    public static Word2VecModel Train(EmbeddingCorpus corpus, Word2VecOptions options, IProgress<EmbeddingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int v = corpus.Words.Count, d = options.Dimension;
        if (options.Loss == Word2VecLoss.HierarchicalSoftmax && v < 2)
            throw new ArgumentException("hierarchical softmax needs at least two vocabulary words", nameof(corpus));
        int buckets = options.UsesSubwords ? options.Buckets : 0;
        if ((long)(v + buckets) * d > Array.MaxLength)
            throw new ArgumentException($"{v} words + {buckets} buckets × {d} dimensions do not fit in one array", nameof(options));

        var init = new Generator(options.Seed);
        var input = new float[(v + buckets) * d];
        // As fastText: input vectors uniform in ±1/D, output vectors at zero (word2vec.c uses ±1/(2D)).
        for (int i = 0; i < input.Length; i++) input[i] = (init.NextFloat() * 2 - 1) / d;
        var output = new float[(options.Loss == Word2VecLoss.NegativeSampling ? v : v - 1) * d];
        var subwords = Subwords(corpus.Words, options);

        var shared = new SharedState(corpus, options, input, output, subwords);
        var workers = new Word2VecWorker[options.Threads];
        for (int t = 0; t < workers.Length; t++)
            workers[t] = new Word2VecWorker(shared, t, new Generator(init.NextUInt64()), t == 0 ? progress : null, cancellationToken);
        var threads = workers.Select(w => new Thread(w.Run) { IsBackground = true, Name = "word2vec worker" }).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        foreach (var worker in workers)
            if (worker.Failure is { } e) throw new AggregateException("a training thread failed", e);
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(shared.Snapshot(workers[0].AverageLoss, finished: true));
        return new Word2VecModel(corpus.Words, corpus.Counts, options, input, output, subwords);
    }

    /// <summary>Each word's input rows: itself, then V + bucket of each n-gram ("&lt;/s&gt;", fastText's end of line, has none).</summary>
    internal static int[][] Subwords(IReadOnlyList<string> words, Word2VecOptions options)
    {
        int v = words.Count;
        var result = new int[words.Count][];
        var rows = new List<int>();
        for (int w = 0; w < words.Count; w++)
        {
            rows.Clear();
            rows.Add(w);
            int first = rows.Count;
            if (options.UsesSubwords && words[w] != EndOfLine) CharNGrams.AddBuckets(words[w], options.MinN, options.MaxN, options.Buckets, rows);
            for (int i = first; i < rows.Count; i++) rows[i] += v;
            result[w] = rows.ToArray();
        }
        return result;
    }

    /// <summary>What every thread reads (and, for the matrices, writes without locks).</summary>
    internal sealed class SharedState
    {
        public SharedState(EmbeddingCorpus corpus, Word2VecOptions options, float[] input, float[] output, int[][] subwords)
        {
            Corpus = corpus;
            Options = options;
            Input = input;
            Output = output;
            SubwordRows = subwords;
            Total = (long)corpus.TokenCount * options.Epochs;
            KeepProbability = new float[corpus.Words.Count];
            double tokens = Math.Max(1, corpus.Counts.Sum());
            for (int w = 0; w < KeepProbability.Length; w++)
            {
                // Mikolov et al. 2013b, eq. 5, in word2vec.c's and fastText's form: keep with √(t/f) + t/f.
                double ratio = options.Sample / (corpus.Counts[w] / tokens);
                KeepProbability[w] = options.Sample == 0 ? 1 : (float)Math.Min(1, Math.Sqrt(ratio) + ratio);
            }
            if (options.Loss == Word2VecLoss.NegativeSampling) Negatives = new NegativeSamplingTable(corpus.Counts, options.NegativeTableSize);
            else Tree = new HuffmanTree(corpus.Counts);
        }

        public EmbeddingCorpus Corpus { get; }
        public Word2VecOptions Options { get; }
        public float[] Input { get; }
        public float[] Output { get; }
        public int[][] SubwordRows { get; }
        public float[] KeepProbability { get; }
        public NegativeSamplingTable? Negatives { get; }
        public HuffmanTree? Tree { get; }
        public long Total { get; }
        public readonly Stopwatch Clock = Stopwatch.StartNew();
        public long Done;

        public double LearningRate => Options.LearningRate * Math.Max(0.0001, 1 - (double)Volatile.Read(ref Done) / Total);

        public EmbeddingProgress Snapshot(double loss, bool finished)
        {
            long done = finished ? Total : Volatile.Read(ref Done);
            var elapsed = Clock.Elapsed;
            double rate = done / Math.Max(1e-9, elapsed.TotalSeconds);
            var remaining = done == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((Total - done) / rate);
            return new EmbeddingProgress(done, Total, rate / Options.Threads, elapsed, remaining, finished ? 0 : LearningRate, loss, finished);
        }
    }
}
