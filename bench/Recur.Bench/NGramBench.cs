using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Recur.NGram;

namespace Recur.Bench;

/// <summary>
/// `ngram`: builds 5-gram modified Kneser-Ney models and evaluates held-out text, printing build seconds, queries per
/// second and peak memory. Corpora: PTB test → valid (the KenLM pairing, &lt;unk&gt; written as UNK) and Tiny
/// Shakespeare split on whitespace, its first 90 % of lines repeated to a few million tokens, last 10 % held out.
/// The peer is NLTK's KneserNeyInterpolated (tools/ngram_nltk_peer.py), timed on a subset because it is slow; ours
/// is timed on the same subset in the same run.
/// Options: --order 5, --ptb ../shared/data/ptb, --shakespeare ../shared/data/tinyshakespeare/input.txt,
/// --repeat 15, --runs 3, --query-runs 10, --nltk-train 1000, --nltk-eval 20, --no-shakespeare, --no-nltk.
/// Load + query is what KenLM's <c>query</c> does in one process; it is timed --query-runs times on the model of the
/// last build and reported as the first (cold JIT) run, the best and the median, load and query apart and summed.
/// </summary>
public static class NGramBench
{
    public static int Run(BenchOptions options)
    {
        int order = options.Int("order", 5);
        int runs = options.Int("runs", 3);
        int queryRuns = options.Int("query-runs", 10);
        string ptb = options.String("ptb", "../shared/data/ptb");
        string shakespeare = options.String("shakespeare", "../shared/data/tinyshakespeare/input.txt");
        var temp = Directory.CreateTempSubdirectory("recur-ngram-bench-");
        try
        {
            string train = Path.Combine(temp.FullName, "ptb.train.txt");
            string heldOut = Path.Combine(temp.FullName, "ptb.valid.txt");
            File.WriteAllText(train, File.ReadAllText(Path.Combine(ptb, "ptb.test.txt")).Replace("<unk>", "UNK"));
            File.WriteAllText(heldOut, File.ReadAllText(Path.Combine(ptb, "ptb.valid.txt")).Replace("<unk>", "UNK"));
            Measure("ptb test→valid", train, heldOut, order, runs, queryRuns, temp.FullName);

            if (!options.Has("no-shakespeare")) Shakespeare(options, shakespeare, order, runs, queryRuns, temp.FullName);

            if (!options.Has("no-nltk"))
            {
                int nltkTrain = options.Int("nltk-train", 1000), nltkEval = options.Int("nltk-eval", 20);
                string subTrain = Path.Combine(temp.FullName, "sub.train.txt");
                string subHeldOut = Path.Combine(temp.FullName, "sub.valid.txt");
                File.WriteAllLines(subTrain, File.ReadLines(train).Take(nltkTrain));
                File.WriteAllLines(subHeldOut, File.ReadLines(heldOut).Take(nltkEval));
                Measure($"ptb subset {nltkTrain}/{nltkEval} sentences", subTrain, subHeldOut, order, runs, queryRuns, temp.FullName, fallback: true);
                Nltk(subTrain, subHeldOut, order);
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
        return 0;
    }

    static void Shakespeare(BenchOptions options, string shakespeare, int order, int runs, int queryRuns, string dir)
    {
        var lines = File.ReadAllLines(shakespeare).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
        int cut = lines.Length * 9 / 10;
        int repeat = options.Int("repeat", 15);
        string bigTrain = Path.Combine(dir, "shakespeare.train.txt");
        string bigHeldOut = Path.Combine(dir, "shakespeare.valid.txt");
        using (var writer = new StreamWriter(bigTrain))
            for (int r = 0; r < repeat; r++)
                foreach (var line in lines.AsSpan(0, cut)) writer.WriteLine(line);
        File.WriteAllLines(bigHeldOut, lines[cut..]);
        // Repetition makes every count a multiple of the repeat, so no n-gram has count 1 and the discounts are
        // undefined; KenLM users pass --discount_fallback here, and so do we.
        Measure($"shakespeare ×{repeat} (fallback discounts)", bigTrain, bigHeldOut, order, runs, queryRuns, dir, fallback: true);
    }

    static void Measure(string name, string train, string heldOut, int order, int runs, int queryRuns, string dir, bool fallback = false)
    {
        string arpa = Path.Combine(dir, "model.arpa");
        var smoothing = new KneserNeySmoothing(fallback ? [KneserNeyDiscount.Fallback] : null);
        var (firstBuild, bestBuild, ngrams) = Build(train, arpa, order, runs, smoothing);
        // KenLM's query starts in a fresh process; start the timed loads without the build's garbage on the heap.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        // Query = what KenLM's query does: load the model, score every word and </s> of the held-out text.
        var load = new double[queryRuns];
        var query = new double[queryRuns];
        var total = new double[queryRuns];
        PerplexityResult result = default;
        for (int run = 0; run < queryRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            var loaded = ArpaReader.Read(arpa);
            load[run] = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using (var reader = new StreamReader(heldOut))
                result = Perplexity.Evaluate(loaded, reader);
            query[run] = clock.Elapsed.TotalSeconds;
            total[run] = load[run] + query[run];
        }
        long tokens = result.Tokens;
        long trainTokens = File.ReadLines(train).Sum(l => (long)l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ngram recur {name}: order {order}, {trainTokens:N0} train tokens, {ngrams:N0} n-grams; build {firstBuild:F3} s first / {bestBuild:F3} s best of {runs}; " +
            $"ppl {result.Perplexity:F4} (excl. OOV {result.PerplexityExcludingOov:F4}, {result.Oovs} OOV); peak working set {peak / (1 << 20):N0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ngram recur {name}: load ARPA {Times(load)}; query {tokens:N0} tokens {Times(query)} = {tokens / query.Min():N0} queries/s best; " +
            $"load + query {Times(total)} ({queryRuns} runs)"));
    }

    /// <summary>Build = what lmplz does: count, estimate, write ARPA; a method of its own so its garbage dies with it.</summary>
    static (double First, double Best, long NGrams) Build(string train, string arpa, int order, int runs, INGramSmoothing smoothing)
    {
        double firstBuild = 0, bestBuild = double.MaxValue;
        long ngrams = 0;
        for (int run = 0; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            NGramCounts counts;
            using (var reader = new StreamReader(train))
                counts = NGramCounter.Count(reader, order);
            var model = NGramEstimator.Estimate(counts, smoothing);
            ArpaWriter.Write(model, arpa);
            double build = clock.Elapsed.TotalSeconds;
            if (run == 0) firstBuild = build;
            bestBuild = Math.Min(bestBuild, build);
            ngrams = Enumerable.Range(1, order).Sum(n => (long)model.Size(n));
        }
        return (firstBuild, bestBuild, ngrams);
    }

    /// <summary>"first / best / median" of a series of timings, the first run being the one that pays for the JIT.</summary>
    static string Times(double[] seconds)
    {
        var sorted = seconds.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds[0]:F4} s first / {sorted[0]:F4} s best / {median:F4} s median");
    }

    static void Nltk(string train, string heldOut, int order)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "tools/ngram_nltk_peer.py", train, heldOut, "--order", order.ToString(CultureInfo.InvariantCulture),
                             "--train-sentences", int.MaxValue.ToString(CultureInfo.InvariantCulture),
                             "--eval-sentences", int.MaxValue.ToString(CultureInfo.InvariantCulture) },
        };
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"ngram nltk: failed ({stderr.Trim().Split('\n').LastOrDefault()})");
            return;
        }
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        double fit = r.GetProperty("fit_seconds").GetDouble(), query = r.GetProperty("query_seconds").GetDouble();
        long tokens = r.GetProperty("tokens").GetInt64();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ngram nltk KneserNeyInterpolated same subset: order {order}; fit {fit:F3} s; query {tokens:N0} tokens in {query:F3} s = {tokens / query:N0} queries/s"));
    }
}
