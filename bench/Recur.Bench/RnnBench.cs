using System.Diagnostics;
using System.Globalization;
using Recur.Kernels;
using Recur.Nn;
using Recur.Optim;

namespace Recur.Bench;

/// <summary>
/// The standard RNN workloads of the peers' README, timed the way ../shared/peers/torch_rnn_bench.py times them
/// (--repeats timed runs, or --steps single steps, after a warm-up of a few seconds that lets the JIT settle), one line each:
/// `&lt;cell&gt;-&lt;workload&gt; &lt;value&gt; &lt;unit&gt; (&lt;GFLOP/s&gt; GFLOP/s)`.
/// train: Embedding(V, E) → L-layer network, hidden H → Linear(H, V); cross-entropy, Adam(2e-3), clip 5; T×B tokens.
/// stream: one cell, input I, hidden H, B = 1, no gradient. infer: L layers, input I, hidden H, T×B, no gradient.
/// Options: --cell lstm|gru|rnn --workload all|train|stream|infer --vocab --embed --hidden --layers --batch --seq
/// --input --steps --repeats --threads (default 2), --gemv-threshold (multiply-adds above which a streaming step uses two
/// threads). FLOPs count the matrix products only (2 per multiply-add).
/// </summary>
public static class RnnBench
{
    public static int Run(BenchOptions o)
    {
        Parallelism.MaxThreads = o.Int("threads", 2);
        string cell = o.String("cell", "lstm");
        if (cell is not ("lstm" or "gru" or "rnn")) throw new ArgumentException($"--cell must be lstm, gru or rnn, not '{cell}'");
        string workload = o.String("workload", "all");
        int gates = cell switch { "lstm" => 4, "gru" => 3, _ => 1 };
        int repeats = o.Int("repeats", 5);
        foreach (var name in workload == "all" ? ["train", "stream", "infer"] : new[] { workload })
        {
            var (value, unit, gflops) = name switch
            {
                "train" => Train(o, cell, gates, repeats),
                "stream" => Stream(o, cell, gates),
                "infer" => Infer(o, cell, gates, repeats),
                _ => throw new ArgumentException($"--workload must be all, train, stream or infer, not '{name}'"),
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cell}-{name} {value:F1} {unit} ({gflops:F1} GFLOP/s)"));
        }
        return 0;
    }

    static RecurrentNetwork Network(string cell, int input, int hidden, int layers, Generator g) => cell switch
    {
        "lstm" => new Lstm(input, hidden, layers, generator: g),
        "gru" => new Gru(input, hidden, layers, generator: g),
        _ => new Rnn(input, hidden, layers, generator: g),
    };

    /// <summary>Multiply-adds ×2 of one token through the stacked network's projections.</summary>
    static double NetworkFlops(int gates, int input, int hidden, int layers)
    {
        double f = 0;
        for (int l = 0; l < layers; l++) f += 2.0 * gates * hidden * ((l == 0 ? input : hidden) + hidden);
        return f;
    }

    static (double, string, double) Train(BenchOptions o, string cell, int gates, int repeats)
    {
        int V = o.Int("vocab", 65), E = o.Int("embed", 128), H = o.Int("hidden", 512), L = o.Int("layers", 2);
        int B = o.Int("batch", 32), T = o.Int("seq", 64);
        var g = new Generator(0);
        var embedding = new Embedding(V, E, g);
        var rnn = Network(cell, E, H, L, g);
        var head = new Linear(H, V, generator: g);
        var parameters = embedding.Parameters().Concat(rnn.Parameters()).Concat(head.Parameters()).ToList();
        var adam = new Adam(parameters, 2e-3);
        var x = Enumerable.Range(0, T * B).Select(_ => g.NextInt(V)).ToArray();
        var y = Enumerable.Range(0, T * B).Select(_ => g.NextInt(V)).ToArray();
        void Step()
        {
            adam.ZeroGrad();
            var (output, _) = rnn.Forward(embedding.Forward(x, T, B));              // (T, B, H)
            var logits = head.Forward(output.Reshape(T * B, H));                     // (T·B, V)
            Functional.CrossEntropy(logits, y).Backward();
            GradientClipping.ClipGradNorm(parameters, 5.0);
            adam.Step();
        }
        double seconds = TimeRepeats(Step, repeats), tokens = (double)repeats * B * T;
        // Backward costs two products for every forward one (input and weight gradients).
        double flops = 3 * (NetworkFlops(gates, E, H, L) + 2.0 * H * V) * tokens;
        return (tokens / seconds, "tokens/s", flops / seconds / 1e9);
    }

    static (double, string, double) Stream(BenchOptions o, string cell, int gates)
    {
        int I = o.Int("input", 64), H = o.Int("hidden", 256), steps = o.Int("steps", 2000);
        Recur.Kernels.Recurrent.MatrixVector.ParallelThreshold = o.Int("gemv-threshold", Recur.Kernels.Recurrent.MatrixVector.ParallelThreshold);
        var g = new Generator(0);
        RecurrentCell c = cell switch { "lstm" => new LstmCell(I, H, generator: g), "gru" => new GruCell(I, H, generator: g), _ => new RnnCell(I, H, generator: g) };
        var stepper = c.CreateStepper(1);
        var x = Tensor.Randn(g, steps, I).ToArray();
        var h = new float[H];
        var cs = new float[c.HasCellState ? H : 0];
        // Warm-up for at least half a second: the JIT promotes hot methods to optimised code only after a delay,
        // longer than 2000 steps take.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.5)
            for (int t = 0; t < steps; t++) stepper.Step(x.AsSpan(t * I, I), h, cs);
        h.AsSpan().Clear(); cs.AsSpan().Clear();
        var watch = Stopwatch.StartNew();
        for (int t = 0; t < steps; t++) stepper.Step(x.AsSpan(t * I, I), h, cs);
        double seconds = watch.Elapsed.TotalSeconds;
        return (steps / seconds, "steps/s", NetworkFlops(gates, I, H, 1) * steps / seconds / 1e9);
    }

    static (double, string, double) Infer(BenchOptions o, string cell, int gates, int repeats)
    {
        int I = o.Int("input", 256), H = o.Int("hidden", 512), L = o.Int("layers", 2), B = o.Int("batch", 64), T = o.Int("seq", 100);
        var g = new Generator(0);
        var rnn = Network(cell, I, H, L, g);
        var x = Tensor.Randn(g, T, B, I);
        using var _ = Tensor.NoGrad();
        double seconds = TimeRepeats(() => rnn.Forward(x), repeats), tokens = (double)repeats * B * T;
        return (tokens / seconds, "tokens/s", NetworkFlops(gates, I, H, L) * tokens / seconds / 1e9);
    }

    /// <summary>
    /// Seconds for <paramref name="repeats"/> back-to-back calls, as the peer times them, after a three-second
    /// warm-up: with two warm-up calls much of a step still ran in the JIT's unoptimised first tier.
    /// </summary>
    static double TimeRepeats(Action step, int repeats) =>
        BenchTimer.Rounds(step, 1, iterations: repeats, warmupCalls: 2, warmupSeconds: 3)[0] * repeats / 1e3;
}
