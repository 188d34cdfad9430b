using System.Diagnostics;
using System.Globalization;
using Recur.Data;
using Recur.Kernels;
using Recur.Nn;
using Recur.Optim;
using Recur.Seq2Seq;

namespace Recur.Bench;

/// <summary>
/// The step-wise workloads of ../shared/peers/torch_step_bench.py, timed the same way and printed in its format
/// (<c>ops &lt;µs/op&gt; us/op</c>, <c>decoder-train &lt;tokens/s&gt; tokens/s</c>), followed by that script's figures at
/// --threads 1 and 2 from the same run (its OpenBLAS on its fastest kernel, from ../shared/peers/openblas-env).
/// ops: a chain of --depth blocks y = tanh(y·w + b) on a (32, --width) tensor, forward + backward, per op (3 per block).
/// decoder: one Adam step (clip 1) of the Bahdanau seq2seq (bidirectional GRU encoder, additive attention, GRU decoder
/// fed [embedding; context], output over [h; context; embedding]) on random ids, target tokens per second.
/// Untimed steps for at least a second first (the JIT's tiers). Options: --workload ops|decoder, --threads (default 2),
/// --depth 200, --width 64, --batch 64, --src-len 20, --tgt-len 20, --embed 256, --hidden 512, --vocab 8000,
/// --repeats 5, --rounds 3, --no-peer.
/// </summary>
public static class StepBench
{
    interface IWorkload
    {
        /// <summary>The name of the peer's output line.</summary>
        string Line { get; }
        string Unit { get; }
        bool LowerIsBetter { get; }
        string[] PeerArguments { get; }
        double Measure();
    }

    public static int Run(BenchOptions o)
    {
        string name = o.String("workload", "ops");
        int threads = o.Int("threads", 2), repeats = o.Int("repeats", 5), rounds = o.Int("rounds", 3);
        IWorkload workload;
        switch (name)
        {
            case "ops": workload = new OpsChain(o.Int("depth", 200), o.Int("width", 64), repeats); break;
            case "decoder":
                workload = new DecoderStep(o.Int("batch", 64), o.Int("src-len", 20), o.Int("tgt-len", 20), o.Int("embed", 256), o.Int("hidden", 512), o.Int("vocab", 8000), repeats);
                break;
            default:
                Console.Error.WriteLine($"step: workload '{name}' is not available; expected ops or decoder");
                return 2;
        }
        bool peer = !o.Has("no-peer") && File.Exists(PeerScript);
        string? coreType = peer ? OpenBlasCoreType() : null;
        Parallelism.MaxThreads = threads;
        // Rounds interleave our timing with the peer's at 1 and 2 threads, so that load from other work on the
        // machine falls on both alike; each side's best round is its figure.
        var ours = new List<double>();
        var torch = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        for (int round = 0; round < rounds; round++)
        {
            ours.Add(workload.Measure());
            if (!peer) continue;
            foreach (int t in torch.Keys) if (Peer(t, workload, coreType) is double v) torch[t].Add(v);
        }
        Func<IEnumerable<double>, double> bestOf = workload.LowerIsBetter ? v => v.DefaultIfEmpty(double.NaN).Min() : v => v.DefaultIfEmpty(double.NaN).Max();
        string F(double v) => v.ToString(workload.LowerIsBetter ? "F3" : "F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"{workload.Line} {F(bestOf(ours))} {workload.Unit}");
        Console.WriteLine($"# recur --threads {threads}: rounds {string.Join(", ", ours.Select(F))} {workload.Unit}");
        if (!peer) { Console.WriteLine($"# peer not run ({PeerScript} not found, or --no-peer)"); return 0; }
        foreach (var (t, values) in torch)
            Console.WriteLine($"# torch --threads {t}{(coreType is null ? "" : $" ({coreType})")}: best {F(bestOf(values))} {workload.Unit} (rounds {string.Join(", ", values.Select(F))})");
        double best = bestOf(torch.Values.SelectMany(v => v));
        double ratio = bestOf(ours) / best;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# ours / torch at its best thread count: {ratio:F3} ({(workload.LowerIsBetter ? "lower" : "higher")} is better; same run; the machine is shared with other work)"));
        return 0;
    }

    static readonly string PeerScript = Path.Combine("..", "shared", "peers", "torch_step_bench.py");

    /// <summary>Runs <paramref name="workload"/> until a second has passed (at least three times), so that the timed runs use the JIT's final code.</summary>
    static void WarmUp(Action step)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3 || clock.Elapsed.TotalSeconds < 1; i++) step();
    }

    /// <summary>The peer's workload: `depth` blocks y = tanh(y·w + b) on a (32, width) tensor, parameters seeded.</summary>
    sealed class OpsChain(int depth, int width, int repeats) : IWorkload
    {
        readonly Tensor x = Tensor.Randn(new Generator(0), 32, width).RequireGrad();
        readonly Tensor[] ws = Enumerable.Range(0, depth).Select(i => Tensor.Randn(new Generator((ulong)(1 + i)), width).RequireGrad()).ToArray();
        readonly Tensor[] bs = Enumerable.Range(0, depth).Select(i => Tensor.Randn(new Generator((ulong)(10_000 + i)), width).RequireGrad()).ToArray();
        bool warm;

        public string Line => "ops";
        public string Unit => "us/op";
        public bool LowerIsBetter => true;
        public string[] PeerArguments => ["--workload", "ops", "--depth", $"{depth}", "--width", $"{width}", "--repeats", $"{repeats}"];

        void Step()
        {
            var y = x;
            for (int i = 0; i < depth; i++) y = (y * ws[i] + bs[i]).Tanh();
            y.Sum().Backward();
        }

        public double Measure()
        {
            if (!warm) { WarmUp(Step); warm = true; }
            int n = 20 * repeats;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) Step();
            return clock.Elapsed.TotalSeconds / (n * 3.0 * depth) * 1e6;
        }
    }

    /// <summary>The peer's decoder workload through <see cref="Seq2SeqModel"/>: full-length random sentences, Adam 1e-3, clip 1.</summary>
    sealed class DecoderStep : IWorkload
    {
        readonly int batch, sourceLength, targetLength, embed, hidden, vocab, repeats;
        readonly Seq2SeqModel model;
        readonly Adam optimizer;
        readonly PaddedBatch source, target;
        bool warm;

        public DecoderStep(int batch, int sourceLength, int targetLength, int embed, int hidden, int vocab, int repeats)
        {
            (this.batch, this.sourceLength, this.targetLength, this.embed, this.hidden, this.vocab, this.repeats) = (batch, sourceLength, targetLength, embed, hidden, vocab, repeats);
            var g = new Generator(0);
            model = new Seq2SeqModel(new Seq2SeqConfig(vocab, vocab, LanguageModels.CellKind.Gru, embed, hidden, Dropout: 0f), g);
            optimizer = new Adam(model.Parameters(), 1e-3);
            int[] Sentence(int n) => Enumerable.Range(0, n).Select(_ => 4 + g.NextInt(vocab - 4)).ToArray();
            var examples = Enumerable.Range(0, batch).ToArray();
            source = PaddedBatch.FromSequences(examples.Select(_ => Sentence(sourceLength)).ToArray(), examples);
            target = PaddedBatch.FromSequences(examples.Select(_ => Sentence(targetLength + 1)).ToArray(), examples);
        }

        public string Line => "decoder-train";
        public string Unit => "tokens/s";
        public bool LowerIsBetter => false;
        public string[] PeerArguments => ["--workload", "decoder", "--batch", $"{batch}", "--src-len", $"{sourceLength}", "--tgt-len", $"{targetLength}",
            "--embed", $"{embed}", "--hidden", $"{hidden}", "--vocab", $"{vocab}", "--repeats", $"{repeats}"];

        void Step()
        {
            optimizer.ZeroGrad();
            model.Loss(source, target).Backward();
            GradientClipping.ClipGradNorm(model.Parameters(), 1.0);
            optimizer.Step();
        }

        public double Measure()
        {
            if (!warm) { WarmUp(Step); warm = true; }
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < repeats; i++) Step();
            return repeats * batch * targetLength / clock.Elapsed.TotalSeconds;
        }
    }

    /// <summary>The OPENBLAS_CORETYPE under which the peer's OpenBLAS is fastest here, or null when the detected one is.</summary>
    static string? OpenBlasCoreType()
    {
        string script = Path.Combine("..", "shared", "peers", "openblas-env");
        if (!File.Exists(script)) return null;
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", [script]) { RedirectStandardOutput = true })!;
        string line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return line.StartsWith("OPENBLAS_CORETYPE=", StringComparison.Ordinal) ? line["OPENBLAS_CORETYPE=".Length..] : null;
    }

    /// <summary>The peer's figure, or null (with a note) when it fails.</summary>
    static double? Peer(int threads, IWorkload workload, string? coreType)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { PeerScript, "--threads", $"{threads}" }.Concat(workload.PeerArguments)) start.ArgumentList.Add(arg);
        if (coreType is not null) start.Environment["OPENBLAS_CORETYPE"] = coreType;
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var fields = stdout.Trim().Split(' ');
        if (process.ExitCode == 0 && fields.Length >= 2 && fields[0] == workload.Line && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            return v;
        Console.WriteLine($"# torch --threads {threads} failed: {stderr.Trim().Split('\n').LastOrDefault()}");
        return null;
    }
}
