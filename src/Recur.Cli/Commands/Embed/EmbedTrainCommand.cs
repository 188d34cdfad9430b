using System.CommandLine;
using System.Diagnostics;
using Recur.Embeddings;
using Recur.Embeddings.Corpus;
using Recur.Embeddings.Formats;
using Recur.Embeddings.GloVe;
using Recur.Embeddings.Word2Vec;
using Recur.IO;

namespace Recur.Cli.Commands.Embed;

/// <summary>`recur embed train`: reads a corpus, trains vectors with the chosen method and writes them (.vec text or .bin binary).</summary>
internal static class EmbedTrainCommand
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT, as shells report it).</summary>
    const int InterruptedExitCode = 130;

    static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = "skipgram or cbow (word2vec), fasttext (skip-gram with character n-grams), glove.", DefaultValueFactory = _ => "skipgram" };
        method.AcceptOnlyFromAmong("skipgram", "cbow", "fasttext", "glove");
        var text = new Option<string>("--text") { Description = "Training corpus: whitespace-separated words, one sentence per line.", Required = true };
        var output = new Option<string>("--out") { Description = "Vectors to write: word2vec binary if the name ends in .bin, else text (.vec).", Required = true };
        var dim = new Option<int>("--dim") { Description = "Vector dimension.", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the corpus (default 5; GloVe 15)." };
        var minCount = new Option<int>("--min-count") { Description = "Drop words seen fewer times.", DefaultValueFactory = _ => 5 };
        var window = new Option<int?>("--window") { Description = "Context radius: word2vec draws 1..window per word (default 5); GloVe counts all of it (default 10)." };
        var negative = new Option<int>("--negative") { Description = "Negative samples per target.", DefaultValueFactory = _ => 5 };
        var loss = new Option<string>("--loss") { Description = "ns (negative sampling) or hs (hierarchical softmax).", DefaultValueFactory = _ => "ns" };
        loss.AcceptOnlyFromAmong("ns", "hs");
        var lr = new Option<double?>("--lr") { Description = "Starting learning rate, decaying linearly to 0 (default 0.05)." };
        var sample = new Option<double>("--sample") { Description = "Subsampling threshold t; 0 keeps every word.", DefaultValueFactory = _ => 1e-4 };
        var minn = new Option<int>("--minn") { Description = "Shortest character n-gram (fasttext).", DefaultValueFactory = _ => 3 };
        var maxn = new Option<int?>("--maxn") { Description = "Longest character n-gram; 0 for none (fasttext 6, others 0)." };
        var bucket = new Option<int>("--bucket") { Description = "Hash buckets for n-grams.", DefaultValueFactory = _ => 2_000_000 };
        var threads = new Option<int>("--threads") { Description = "Training threads (lock-free SGD over corpus shards).", DefaultValueFactory = _ => 2 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var xMax = new Option<double>("--x-max") { Description = "GloVe: counts above this get full weight in f(x) = (x/x_max)^α.", DefaultValueFactory = _ => 100 };
        var alpha = new Option<double>("--alpha") { Description = "GloVe: the exponent α of the weighting f(x).", DefaultValueFactory = _ => 0.75 };
        var encoding = new Option<string>("--encoding") { Description = "Corpus encoding: utf-8 (invalid bytes are an error) or latin1.", DefaultValueFactory = _ => "utf-8" };
        encoding.AcceptOnlyFromAmong("utf-8", "latin1");
        var command = new Command("train", "Train word vectors (word2vec skip-gram/CBOW, fastText subwords, GloVe) on a text corpus.")
            { method, text, output, dim, epochs, minCount, window, negative, loss, lr, sample, minn, maxn, bucket, threads, seed, xMax, alpha, encoding };
        LmCommand.SetGuardedAction(command, (parse, stdout, stderr) =>
        {
            string methodName = parse.GetValue(method)!;
            string corpusPath = parse.GetValue(text)!, outPath = parse.GetValue(output)!;
            Positive("--dim", parse.GetValue(dim));
            Positive("--min-count", parse.GetValue(minCount));
            if (parse.GetValue(window) is { } w) Positive("--window", w);
            Positive("--threads", parse.GetValue(threads));
            if (parse.GetValue(epochs) is { } e) Positive("--epochs", e);
            if (parse.GetValue(lr) is { } rate && !(rate > 0)) throw new UserInputException($"--lr {rate}: must be positive");
            if (File.Exists(outPath) && FileIdentity.IsSameFile(corpusPath, outPath))
                throw new UserInputException($"--out {outPath}: is the corpus itself; choose another file");
            var progress = new ProgressLines(stderr);
            var clock = Stopwatch.StartNew();
            Func<EmbeddingCorpus, CancellationToken, WordVectors> train;
            if (methodName == "glove")
            {
                var options = new GloVeOptions
                {
                    Dimension = parse.GetValue(dim),
                    Window = parse.GetValue(window) ?? 10,
                    Epochs = parse.GetValue(epochs) ?? 15,
                    LearningRate = parse.GetValue(lr) ?? 0.05,
                    XMax = parse.GetValue(xMax),
                    Alpha = parse.GetValue(alpha),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(seed),
                };
                Validate(options.Validate);
                train = (corpus, token) =>
                {
                    GloVeModel model;
                    try { model = GloVeTrainer.Train(corpus, options, progress, token); }
                    catch (ArgumentException ex) { throw new UserInputException($"{corpusPath}: {ex.Message.Split(" (Parameter")[0]}"); }
                    stdout.WriteLine($"{progress.Last.PerSecondPerThread:N0} pairs/s/thread, final loss {progress.Last.Loss:F4}");
                    return model.ToWordVectors();
                };
            }
            else
            {
                var options = new Word2VecOptions
                {
                    Architecture = methodName == "cbow" ? Word2VecArchitecture.Cbow : Word2VecArchitecture.SkipGram,
                    Loss = parse.GetValue(loss) == "hs" ? Word2VecLoss.HierarchicalSoftmax : Word2VecLoss.NegativeSampling,
                    Dimension = parse.GetValue(dim),
                    Window = parse.GetValue(window) ?? 5,
                    Negative = parse.GetValue(negative),
                    Epochs = parse.GetValue(epochs) ?? 5,
                    LearningRate = parse.GetValue(lr) ?? 0.05,
                    Sample = parse.GetValue(sample),
                    MinN = parse.GetValue(minn),
                    MaxN = parse.GetValue(maxn) ?? (methodName == "fasttext" ? 6 : 0),
                    Buckets = parse.GetValue(bucket),
                    Threads = parse.GetValue(threads),
                    Seed = parse.GetValue(seed),
                };
                Validate(options.Validate);
                train = (corpus, token) =>
                {
                    if (options.Loss == Word2VecLoss.HierarchicalSoftmax && corpus.Words.Count < 2)
                        throw new UserInputException($"{corpusPath}: hierarchical softmax needs at least two distinct words of count ≥ --min-count");
                    var model = Word2VecTrainer.Train(corpus, options, progress, token);
                    stdout.WriteLine($"{progress.Last.PerSecondPerThread:N0} words/s/thread, final loss {progress.Last.Loss:F4}");
                    return model.ToWordVectors();
                };
            }

            WordVectors vectors;
            // Ctrl-C stops reading or training; nothing is written, so an older file under --out stays as it was.
            using (var cancel = new CtrlCCancellation())
            {
                try
                {
                    var corpus = EmbeddingCorpus.Read(corpusPath, parse.GetValue(minCount),
                        parse.GetValue(encoding) == "latin1" ? CorpusEncoding.Latin1 : CorpusEncoding.Utf8, cancel.Token);
                    stdout.WriteLine($"{corpusPath}: {corpus.TokenCount:N0} words, vocabulary {corpus.Words.Count:N0} (min count {parse.GetValue(minCount)})");
                    vectors = train(corpus, cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    stderr.WriteLine($"interrupted after {clock.Elapsed.TotalSeconds:F0} s; {outPath} not written");
                    return InterruptedExitCode;
                }
            }
            try { WordVectorsFile.Save(outPath, vectors); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new UserInputException($"{outPath}: cannot be written ({ex.Message})"); }
            stdout.WriteLine($"{outPath}: {vectors.Count:N0} vectors of dimension {vectors.Dimension} ({methodName}, {clock.Elapsed.TotalSeconds:F1} s)");
            return 0;
        });
        return command;
    }

    /// <summary>Runs an options record's Validate, turning its ArgumentException into a one-line error naming the flag.</summary>
    static void Validate(Action validate)
    {
        try { validate(); }
        catch (ArgumentException ex)
        {
            string rule = ex.Message.Split(" (Parameter")[0];
            if (ex.ParamName is { } name && rule.StartsWith(name + " ", StringComparison.Ordinal)) rule = rule[(name.Length + 1)..];
            throw new UserInputException($"{FlagOf(ex.ParamName)}: {rule}");
        }
    }

    static void Positive(string flag, int value)
    {
        if (value < 1) throw new UserInputException($"{flag} {value}: must be at least 1");
    }

    static string FlagOf(string? property) => property switch
    {
        nameof(Word2VecOptions.Dimension) => "--dim",
        nameof(Word2VecOptions.Negative) => "--negative",
        nameof(Word2VecOptions.LearningRate) => "--lr",
        nameof(Word2VecOptions.Sample) => "--sample",
        nameof(Word2VecOptions.MinN) => "--minn",
        nameof(Word2VecOptions.MaxN) => "--maxn",
        nameof(Word2VecOptions.Buckets) => "--bucket",
        nameof(GloVeOptions.XMax) => "--x-max",
        _ => "--" + (property ?? "option").ToLowerInvariant(),
    };

    /// <summary>A progress line every few seconds (words/s/thread, percentage, ETA, learning rate, loss); keeps the last report.</summary>
    sealed class ProgressLines(TextWriter writer) : IProgress<EmbeddingProgress>
    {
        TimeSpan printed = TimeSpan.Zero;

        public EmbeddingProgress Last { get; private set; }

        public void Report(EmbeddingProgress p)
        {
            Last = p;
            if (p.Finished || p.Elapsed - printed < ProgressEvery) return;
            printed = p.Elapsed;
            writer.WriteLine($"{p.Fraction * 100,5:F1}%  {p.PerSecondPerThread:N0}/s/thread  lr {p.LearningRate:F5}  loss {p.Loss:F4}  ETA {p.Remaining:hh\\:mm\\:ss}");
        }
    }
}
