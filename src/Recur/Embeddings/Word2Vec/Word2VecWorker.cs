using System.Diagnostics;
using System.Numerics.Tensors;

namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// One training thread: subsamples each sentence of its shard, draws a window radius per position, and takes one
/// SGD step per (input, target) pair. Skip-gram follows fastText: the centre word's rows (itself and its n-grams)
/// are the input and each window word a target. CBOW averages all rows of the window's words to predict the centre.
/// The input gradient accumulates in <see cref="grad"/> across the positive and negative targets and is added to
/// every input row once, undivided, as in word2vec.c and fastText. Nothing is allocated per word.
/// </summary>
internal sealed class Word2VecWorker
{
    readonly Word2VecTrainer.SharedState shared;
    readonly int index;
    readonly Generator random;
    readonly IProgress<EmbeddingProgress>? progress;
    readonly CancellationToken cancellationToken;
    readonly int dim, window, negative;
    readonly float[] input, output, keep;
    readonly int[][] rows;
    readonly float[] hidden, grad;
    readonly int[] kept = new int[Corpus.EmbeddingCorpus.MaxSentenceLength];
    readonly int[] bag;
    double lossSum;
    long lossCount;

    public Word2VecWorker(Word2VecTrainer.SharedState shared, int index, Generator random, IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken)
    {
        this.shared = shared;
        this.index = index;
        this.random = random;
        this.progress = progress;
        this.cancellationToken = cancellationToken;
        var o = shared.Options;
        dim = o.Dimension;
        window = o.Window;
        negative = o.Negative;
        input = shared.Input;
        output = shared.Output;
        keep = shared.KeepProbability;
        rows = shared.SubwordRows;
        hidden = new float[dim];
        grad = new float[dim];
        bag = new int[2 * window * rows.Max(r => r.Length)];
    }

    public Exception? Failure { get; private set; }

    public double AverageLoss => lossCount == 0 ? double.NaN : lossSum / lossCount;

    public void Run()
    {
        try { RunShard(); }
        catch (Exception e) { Failure = e; }
    }

    void RunShard()
    {
        var corpus = shared.Corpus;
        var starts = corpus.SentenceStarts;
        int threads = shared.Options.Threads;
        // The shard holds the sentences that start in this thread's equal share of the tokens.
        int first = FirstSentenceAtOrAfter(starts, (long)corpus.TokenCount * index / threads);
        int last = FirstSentenceAtOrAfter(starts, (long)corpus.TokenCount * (index + 1) / threads);
        long lastReport = Stopwatch.GetTimestamp();
        bool skipGram = shared.Options.Architecture == Word2VecArchitecture.SkipGram;
        for (int epoch = 0; epoch < shared.Options.Epochs; epoch++)
        {
            for (int s = first; s < last; s++)
            {
                if (cancellationToken.IsCancellationRequested) return;
                var sentence = corpus.Sentence(s);
                float lr = (float)shared.LearningRate;
                if (skipGram) SkipGram(sentence, lr); else Cbow(sentence, lr);
                Interlocked.Add(ref shared.Done, sentence.Length);
                if (progress != null && Stopwatch.GetElapsedTime(lastReport) > ReportEvery)
                {
                    lastReport = Stopwatch.GetTimestamp();
                    progress.Report(shared.Snapshot(AverageLoss, finished: false));
                }
            }
        }
    }

    static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(1);

    static int FirstSentenceAtOrAfter(ReadOnlySpan<int> starts, long token)
    {
        int lo = 0, hi = starts.Length - 1; // starts[^1] is the token count: an empty tail shard
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < token) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    int Subsample(ReadOnlySpan<int> sentence)
    {
        int n = 0;
        foreach (int w in sentence)
            if (keep[w] >= 1 || random.NextFloat() < keep[w]) kept[n++] = w;
        return n;
    }

    void SkipGram(ReadOnlySpan<int> sentence, float lr)
    {
        int n = Subsample(sentence);
        for (int pos = 0; pos < n; pos++)
        {
            int radius = random.NextInt(window) + 1;
            int[] centre = rows[kept[pos]];
            for (int c = Math.Max(0, pos - radius); c <= Math.Min(n - 1, pos + radius); c++)
                if (c != pos) Update(centre, kept[c], lr);
        }
    }

    void Cbow(ReadOnlySpan<int> sentence, float lr)
    {
        int n = Subsample(sentence);
        for (int pos = 0; pos < n; pos++)
        {
            int radius = random.NextInt(window) + 1, count = 0;
            for (int c = Math.Max(0, pos - radius); c <= Math.Min(n - 1, pos + radius); c++)
            {
                if (c == pos) continue;
                int[] r = rows[kept[c]];
                r.CopyTo(bag, count);
                count += r.Length;
            }
            if (count > 0) Update(bag.AsSpan(0, count), kept[pos], lr);
        }
    }

    /// <summary>One SGD step: hidden = mean of the input rows; loss on the target; the gradient added to each row.</summary>
    void Update(ReadOnlySpan<int> inputRows, int target, float lr)
    {
        var h = hidden.AsSpan();
        input.AsSpan(inputRows[0] * dim, dim).CopyTo(h);
        for (int i = 1; i < inputRows.Length; i++) TensorPrimitives.Add(h, input.AsSpan(inputRows[i] * dim, dim), h);
        if (inputRows.Length > 1) TensorPrimitives.Multiply(h, 1f / inputRows.Length, h);
        grad.AsSpan().Clear();

        float loss = 0;
        if (shared.Negatives is { } noise)
        {
            loss += Logistic(target, 1, lr);
            for (int k = 0; k < negative; k++)
            {
                int negativeWord;
                do negativeWord = noise.Sample(random.NextUInt64()); while (negativeWord == target);
                loss += Logistic(negativeWord, 0, lr);
            }
        }
        else
        {
            var tree = shared.Tree!;
            var path = tree.Path(target);
            var code = tree.Code(target);
            for (int i = 0; i < path.Length; i++) loss += Logistic(path[i], code[i], lr);
        }
        lossSum += loss;
        lossCount++;
        foreach (int r in inputRows)
        {
            var row = input.AsSpan(r * dim, dim);
            TensorPrimitives.Add(row, grad, row);
        }
    }

    float Logistic(int row, float label, float lr) => LogisticStep.Apply(hidden, label, lr, output.AsSpan(row * dim, dim), grad);
}
