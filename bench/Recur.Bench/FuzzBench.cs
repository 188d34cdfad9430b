using System.Diagnostics;
using Recur.Tests.Fuzzing;

namespace Recur.Bench;

/// <summary>
/// The long fuzz run: the test suite's readers and seed files (linked from tests/Recur.Tests/Fuzzing), inputs made
/// of 1–8 random mutations of a seed, round-robin over the readers for <c>--seconds</c> (default 60). Prints, per
/// reader, the inputs tried, how many parsed or were refused with the reader's own error, and every failure (wrong
/// exception type, hang, or allocation beyond the budget) with the mutations that reproduce it. Exit code 1 on any
/// failure. <c>--seed</c> picks the random stream (default 1), so a run is reproducible; <c>--targets wav,arpa</c> fuzzes
/// only the readers named.
/// </summary>
public static class FuzzBench
{
    public static int Run(BenchOptions options)
    {
        double seconds = options.Double("seconds", 60);
        var random = new Generator((ulong)options.Int("seed", 1));
        string fixtures = Path.Combine(RepositoryRoot(), "tests", "Recur.Tests", "Fixtures");
        var work = Directory.CreateTempSubdirectory("recur-fuzz-bench-");
        try
        {
            var targets = FuzzTargets.Create(fixtures, work.FullName);
            if (options.Has("targets"))
            {
                var names = options.String("targets", "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var unknown = names.Except(targets.Select(t => t.Name)).ToList();
                if (unknown.Count > 0) throw new ArgumentException($"--targets: unknown reader(s) {string.Join(", ", unknown)}; expected {string.Join(", ", targets.Select(t => t.Name))}");
                targets = [.. targets.Where(t => names.Contains(t.Name))];
            }
            var tried = new long[targets.Count];
            var refused = new long[targets.Count];
            var failures = new List<string>();
            string input = Path.Combine(work.FullName, "input");
            var clock = Stopwatch.StartNew();
            for (long i = 0; clock.Elapsed.TotalSeconds < seconds; i++)
            {
                int t = (int)(i % targets.Count);
                var target = targets[t];
                int seed = random.NextInt(target.Seeds.Count);
                var mutations = new Mutation[1 + random.NextInt(8)];
                for (int m = 0; m < mutations.Length; m++)
                    mutations[m] = new Mutation((MutationKind)random.NextInt(7), (int)(random.NextUInt64() >> 33), (long)(random.NextUInt64() >> 1));
                var result = FuzzHarness.Run(target, target.Mutate(seed, mutations), input, TimeSpan.FromSeconds(10));
                tried[t]++;
                if (result.Verdict == FuzzVerdict.Refused) refused[t]++;
                if (!result.Allowed)
                    failures.Add($"{target.Name}: seed file {seed}, mutations [{string.Join(", ", mutations.Select(m => m.ToString()))}]: {result.Verdict}: " +
                                 $"{result.Exception?.GetType().Name} {result.Exception?.Message.ReplaceLineEndings(" ")} ({result.Allocated:N0} bytes allocated)");
            }
            Console.WriteLine($"fuzz: {clock.Elapsed.TotalSeconds:F0} s, seed {options.Int("seed", 1)} (machine shared, so inputs/s is indicative only)");
            Console.WriteLine($"{"reader",-16} {"inputs",10} {"parsed",10} {"refused",10} {"failures",9}");
            for (int t = 0; t < targets.Count; t++)
            {
                int failed = failures.Count(f => f.StartsWith(targets[t].Name + ":", StringComparison.Ordinal));
                Console.WriteLine($"{targets[t].Name,-16} {tried[t],10:N0} {tried[t] - refused[t] - failed,10:N0} {refused[t],10:N0} {failed,9}");
            }
            Console.WriteLine($"total: {tried.Sum():N0} inputs tried, {failures.Count} crashes found");
            foreach (var f in failures.Take(50)) Console.WriteLine("  " + f);
            return failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recur.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("run from inside the Recur repository (Recur.slnx not found above the bench binary)");
    }
}
