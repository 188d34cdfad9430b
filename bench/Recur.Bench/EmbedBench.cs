using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Recur.Embeddings;
using Recur.Embeddings.Corpus;
using Recur.Embeddings.Evaluation;
using Recur.Embeddings.Formats;
using Recur.Embeddings.GloVe;
using Recur.Embeddings.Word2Vec;

namespace Recur.Bench;

/// <summary>
/// `embed`: word2vec skip-gram and CBOW (no subwords) and fastText subword skip-gram trained by Recur and by Debian's
/// `fasttext` with the same settings on the same corpus in one run, then both sets of vectors scored by Recur's
/// evaluators (analogy 3CosAdd over the 30,000 most frequent words, Spearman ρ on WS-353, SimLex-999, MEN, RW);
/// GloVe is Recur's only. The corpus is ../shared/peers/make_embedding_corpus.sh's (PTB + Shakespeare + State of
/// the Union + inaugural addresses) unless --corpus names one. Ours is timed over training alone (in process); for
/// fastText the figure is the words/sec/thread it prints, which counts each line's end-of-sentence token as a word
/// (about 10% more tokens on this corpus), and its wall time includes reading the corpus.
/// Options: --corpus F, --data ../shared/data, --threads 2, --epochs 5, --dim 100, --only sg,cbow,ft,glove (also sghs:
/// hierarchical softmax), --no-fasttext, --x-max 100, --glove-epochs 15.
/// </summary>
public static class EmbedBench
{
    public static int Run(BenchOptions options)
    {
        string data = options.String("data", "../shared/data");
        int threads = options.Int("threads", 2), epochs = options.Int("epochs", 5), dim = options.Int("dim", 100);
        var only = options.String("only", "sg,cbow,ft,glove").Split(',');
        var temp = Directory.CreateTempSubdirectory("recur-embed-bench-");
        try
        {
            string corpusPath = options.String("corpus", "");
            if (corpusPath == "")
            {
                corpusPath = Path.Combine(temp.FullName, "corpus.txt");
                Exec("bash", $"{Path.Combine(data, "..", "peers", "make_embedding_corpus.sh")} {corpusPath}");
            }
            var read = Stopwatch.StartNew();
            var corpus = EmbeddingCorpus.Read(corpusPath, minCount: 5);
            Console.WriteLine($"corpus {corpusPath}: {corpus.TokenCount:N0} words, vocabulary {corpus.Words.Count:N0}, read in {read.Elapsed.TotalSeconds:F1} s; " +
                              $"{threads} threads, dim {dim}, {epochs} epochs; {Environment.ProcessorCount} cores (shared machine: figures are noisy)");
            var questions = AnalogyQuestions.Read(Path.Combine(data, "analogy", "questions-words.txt"));
            var pairSets = new[] { "EN-WS-353-ALL", "EN-SIMLEX-999", "EN-MEN-TR-3k", "EN-RW-STANFORD" }
                .Select(n => (Name: n, Pairs: WordPairs.Read(Path.Combine(data, "wordsim", n + ".txt")))).ToArray();
            var rows = new List<string>();
            void Score(string model, double perThread, double seconds, WordVectors vectors)
            {
                var a = AnalogyEvaluator.Evaluate(vectors, questions, 30_000, [AnalogyMethod.CosAdd])[0];
                var rho = pairSets.Select(p => SimilarityEvaluator.Evaluate(vectors, p.Pairs, p.Name)).ToArray();
                string row = $"| {model} | {perThread / 1000:F0}k | {seconds:F1} | {a.Semantic.Accuracy * 100:F2}% | {a.Syntactic.Accuracy * 100:F2}% | " +
                             $"{a.Overall.Accuracy * 100:F2}% ({a.Overall.Answered:N0}) | " + string.Join(" | ", rho.Select(r => $"{r.Spearman:F3}")) + " |";
                rows.Add(row);
                Console.WriteLine(row);
            }

            var configs = new (string Key, string Name, Word2VecArchitecture Arch, int MaxN, string FastTextArgs)[]
            {
                ("sg", "skip-gram, no subwords", Word2VecArchitecture.SkipGram, 0, "skipgram -maxn 0"),
                ("cbow", "CBOW, no subwords", Word2VecArchitecture.Cbow, 0, "cbow -maxn 0"),
                ("ft", "skip-gram, subwords 3-6", Word2VecArchitecture.SkipGram, 6, "skipgram"),
                ("sghs", "skip-gram, hierarchical softmax, no subwords", Word2VecArchitecture.SkipGram, 0, "skipgram -maxn 0 -loss hs"),
            };
            foreach (var c in configs.Where(c => only.Contains(c.Key)))
            {
                var settings = new Word2VecOptions
                {
                    Architecture = c.Arch, MaxN = c.MaxN, Dimension = dim, Epochs = epochs, Threads = threads,
                    Loss = c.Key == "sghs" ? Word2VecLoss.HierarchicalSoftmax : Word2VecLoss.NegativeSampling,
                };
                var clock = Stopwatch.StartNew();
                EmbeddingProgress last = default;
                var model = Word2VecTrainer.Train(corpus, settings, new Progress(p => last = p));
                double seconds = clock.Elapsed.TotalSeconds;
                Score($"recur {c.Name}", corpus.TokenCount * (double)epochs / seconds / threads, seconds, model.ToWordVectors());
                if (options.Has("no-fasttext")) continue;
                string prefix = Path.Combine(temp.FullName, c.Key);
                clock.Restart();
                string log = Exec("fasttext", $"{c.FastTextArgs} -input {corpusPath} -output {prefix} -dim {dim} -epoch {epochs} -minCount 5 -thread {threads}");
                double peerSeconds = clock.Elapsed.TotalSeconds;
                var rates = Regex.Matches(log, @"words/sec/thread:\s+(\d+)");
                double peerRate = rates.Count == 0 ? double.NaN : double.Parse(rates[^1].Groups[1].Value, CultureInfo.InvariantCulture);
                Score($"fastText {c.Name}", peerRate, peerSeconds, Word2VecTextFormat.Read(prefix + ".vec"));
                File.Delete(prefix + ".bin");
            }
            if (only.Contains("glove"))
            {
                var clock = Stopwatch.StartNew();
                var glove = GloVeTrainer.Train(corpus, new GloVeOptions { Dimension = dim, Threads = threads, XMax = options.Double("x-max", 100), Epochs = options.Int("glove-epochs", 15) });
                double seconds = clock.Elapsed.TotalSeconds;
                Score("recur GloVe (window 10, x_max " + options.Double("x-max", 100) + ")", corpus.TokenCount * (double)glove.EpochLosses.Count / seconds / threads, seconds, glove.ToWordVectors());
            }
            Console.WriteLine();
            Console.WriteLine("| model | words/s/thread | train s | analogy semantic | syntactic | all (answered) | WS-353 ρ | SimLex ρ | MEN ρ | RW ρ |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var row in rows) Console.WriteLine(row);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
        return 0;
    }

    /// <summary>Keeps the last report, on the reporting thread (System.Progress would post to the thread pool).</summary>
    sealed class Progress(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }

    /// <summary>Runs a program and returns its stdout and stderr together (fastText reports progress on stderr with \r).</summary>
    static string Exec(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {stderr.Result}");
        return stdout.Result + stderr.Result;
    }
}
