using System.Diagnostics;
using System.Globalization;
using Recur.Kernels;

namespace Recur.Bench;

/// <summary>
/// The step-wise workloads of ../shared/peers/torch_step_bench.py, timed the same way and printed in its format
/// (<c>ops &lt;µs/op&gt; us/op</c>), followed by that script's figures at --threads 1 and 2 from the same run.
/// ops: a chain of --depth blocks y = tanh(y·w + b) on a (32, --width) tensor, forward + backward, per op (3 per
/// block); untimed steps for at least a second (the JIT's tiers), then 20·--repeats timed ones per round.
/// Options: --workload ops, --threads (default 2), --depth 200, --width 64, --repeats 5, --rounds 3, --no-peer.
/// </summary>
public static class StepBench
{
    public static int Run(BenchOptions o)
    {
        string workload = o.String("workload", "ops");
        if (workload != "ops")
        {
            Console.Error.WriteLine($"step: workload '{workload}' is not available; expected ops");
            return 2;
        }
        int threads = o.Int("threads", 2), depth = o.Int("depth", 200), width = o.Int("width", 64), repeats = o.Int("repeats", 5);
        int rounds = o.Int("rounds", 3);
        bool peer = !o.Has("no-peer") && File.Exists(PeerScript);
        Parallelism.MaxThreads = threads;
        // Rounds interleave our timing with the peer's at 1 and 2 threads, so that load from other work on the
        // machine falls on both alike; each side's best round is its figure.
        var ours = new List<double>();
        var torch = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        var model = new OpsChain(depth, width);
        for (int round = 0; round < rounds; round++)
        {
            ours.Add(model.MicrosecondsPerOp(repeats));
            if (!peer) continue;
            foreach (int t in torch.Keys) if (Peer(t, depth, width, repeats) is double v) torch[t].Add(v);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ops {ours.Min():F3} us/op"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# recur --threads {threads}: rounds {string.Join(", ", ours.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))} us/op"));
        if (!peer) { Console.WriteLine($"# peer not run ({PeerScript} not found, or --no-peer)"); return 0; }
        foreach (var (t, values) in torch)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# torch --threads {t}: best {(values.Count > 0 ? values.Min() : double.NaN):F3} us/op (rounds {string.Join(", ", values.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))})"));
        double best = torch.Values.SelectMany(v => v).DefaultIfEmpty(double.NaN).Min();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# ours / torch at its best thread count: {ours.Min() / best:F3} (same run; the machine is shared with other work)"));
        return 0;
    }

    static readonly string PeerScript = Path.Combine("..", "shared", "peers", "torch_step_bench.py");

    /// <summary>The peer's workload: `depth` blocks y = tanh(y·w + b) on a (32, width) tensor, parameters seeded.</summary>
    sealed class OpsChain(int depth, int width)
    {
        readonly Tensor x = Tensor.Randn(new Generator(0), 32, width).RequireGrad();
        readonly Tensor[] ws = Enumerable.Range(0, depth).Select(i => Tensor.Randn(new Generator((ulong)(1 + i)), width).RequireGrad()).ToArray();
        readonly Tensor[] bs = Enumerable.Range(0, depth).Select(i => Tensor.Randn(new Generator((ulong)(10_000 + i)), width).RequireGrad()).ToArray();
        bool warm;

        void Step()
        {
            var y = x;
            for (int i = 0; i < depth; i++) y = (y * ws[i] + bs[i]).Tanh();
            y.Sum().Backward();
        }

        public double MicrosecondsPerOp(int repeats)
        {
            if (!warm)
            {
                // The peer's 3 untimed steps, and then at least a second more: .NET compiles hot methods twice
                // (tiered JIT), and the timed steps should run the final code, as PyTorch's do.
                var clock0 = Stopwatch.StartNew();
                for (int i = 0; i < 3 || clock0.Elapsed.TotalSeconds < 1; i++) Step();
                warm = true;
            }
            int n = 20 * repeats;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) Step();
            return clock.Elapsed.TotalSeconds / (n * 3.0 * depth) * 1e6;
        }
    }

    /// <summary>The peer's µs per op, or null (with a note) when it fails.</summary>
    static double? Peer(int threads, int depth, int width, int repeats)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { PeerScript, "--workload", "ops", "--threads", $"{threads}", "--depth", $"{depth}", "--width", $"{width}", "--repeats", $"{repeats}" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var fields = stdout.Trim().Split(' ');
        if (process.ExitCode == 0 && fields.Length >= 2 && fields[0] == "ops" && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            return v;
        Console.WriteLine($"# torch --threads {threads} failed: {stderr.Trim().Split('\n').LastOrDefault()}");
        return null;
    }
}
