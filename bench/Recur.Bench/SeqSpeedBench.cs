using System.Globalization;
using Recur.Kernels;
using Recur.Nn;
using Recur.Optim;
using ScottPlot;

namespace Recur.Bench;

/// <summary>
/// The speed half of issue #15, for every layer of --models in the char-PTB model shape, Embedding(50, E) → layer →
/// Linear(H, 50), each layer sized so the whole model has --params parameters (default 0.5M, E = 128):
/// (a) training tokens/s — forward, cross-entropy, backward, clip 5 and an Adam step — at batch 32, T 256; (b) how the cost grows with the sequence: forward + backward µs per token at T = 256, 512, …, 8192 with
/// B·T held at 32·256, written to --out as seqspeed-scaling.csv and seqspeed-scaling.png (log-scaled T).
/// tools/seq_torch_peer.py times torch.nn.RNN/LSTM/GRU on the same shapes.
/// Options: --models, --part all|train|scaling, --params 500000, --embed 128, --vocab 50, --batch 32, --seq 256,
/// --lengths 256,512,1024,2048,4096,8192, --repeats 5, --threads 2, --out . (folder for the CSV and PNG).
/// </summary>
public static class SeqSpeedBench
{
    public static int Run(BenchOptions o)
    {
        int threads = o.Int("threads", 2);
        Parallelism.MaxThreads = threads;
        var models = o.String("models", string.Join(",", SequenceLayers.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string part = o.String("part", "all");
        if (part is not ("all" or "train" or "scaling")) throw new ArgumentException($"--part must be all, train or scaling, not '{part}'");
        int V = o.Int("vocab", 50), E = o.Int("embed", 128), B = o.Int("batch", 32), T = o.Int("seq", 256), repeats = o.Int("repeats", 5);
        long target = o.Int("params", 500_000);
        var sized = models.Select(m => (Name: m, Hidden: SequenceLayers.HiddenFor(m, E, target, h => (long)V * E + (long)h * V + V))).ToArray();

        if (part is "all" or "train")
        {
            Console.WriteLine($"| model | hidden | params | threads | tokens/s (B {B}, T {T}, fwd+bwd+Adam) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, hidden) in sized)
            {
                var model = new CharModel(name, V, E, hidden);
                var (x, y) = model.Tokens(B, T);
                double seconds = Time(() => model.TrainStep(x, y, B, T), repeats);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {hidden} | {model.Parameters} | {threads} | {B * T / seconds:F0} |"));
            }
        }
        if (part is "all" or "scaling")
        {
            var lengths = o.String("lengths", "256,512,1024,2048,4096,8192").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            int tokens = B * T;
            string dir = o.String("out", ".");
            Directory.CreateDirectory(dir);
            var rows = new List<(string Model, int T, int B, double Micro)>();
            Console.WriteLine($"\n| model | T | B | µs/token (fwd+bwd, B·T = {tokens}) |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var (name, hidden) in sized)
            {
                var model = new CharModel(name, V, E, hidden);
                foreach (int length in lengths)
                {
                    int batch = Math.Max(1, tokens / length);
                    var (x, y) = model.Tokens(batch, length);
                    double seconds = Time(() => model.ForwardBackward(x, y, batch, length), Math.Max(1, repeats / 2));
                    double micro = seconds / ((double)batch * length) * 1e6;
                    rows.Add((name, length, batch, micro));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {length} | {batch} | {micro:F3} |"));
                }
            }
            File.WriteAllLines(Path.Combine(dir, "seqspeed-scaling.csv"), ["model,T,B,us_per_token"
                , .. rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Model},{r.T},{r.B},{r.Micro:F4}"))]);
            Chart(Path.Combine(dir, "seqspeed-scaling.png"), rows, tokens, threads);
            Console.WriteLine($"\n# wrote {Path.Combine(dir, "seqspeed-scaling.csv")} and seqspeed-scaling.png");
        }
        return 0;
    }

    /// <summary>
    /// Seconds per call: the median of <paramref name="repeats"/> after at least two calls and three seconds of warm-up.
    /// Two calls alone left much of a training step in tier-0 code and halved the measured tokens/s.
    /// </summary>
    static double Time(Action step, int repeats) => BenchTimer.Median(BenchTimer.Rounds(step, repeats, warmupCalls: 2, warmupSeconds: 3)) / 1e3;

    static void Chart(string path, List<(string Model, int T, int B, double Micro)> rows, int tokens, int threads)
    {
        var plot = new Plot();
        foreach (var group in rows.GroupBy(r => r.Model))
        {
            // T on a log₂ axis: equal steps for each doubling.
            var line = plot.Add.Scatter(group.Select(r => Math.Log2(r.T)).ToArray(), group.Select(r => r.Micro).ToArray());
            line.LegendText = group.Key;
        }
        var ts = rows.Select(r => r.T).Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ts.Select(t => Math.Log2(t)).ToArray(), ts.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Title($"Forward + backward cost per token, B·T = {tokens}, {threads} threads");
        plot.XLabel("sequence length T");
        plot.YLabel("µs per token");
        plot.ShowLegend(Edge.Bottom);
        File.WriteAllBytes(path, plot.GetImageBytes(800, 520, ImageFormat.Png));
    }

    /// <summary>Embedding(V, E) → layer → Linear(H, V), cross-entropy against random next tokens; Adam(2e-3), clip 5.</summary>
    sealed class CharModel
    {
        readonly Embedding embedding;
        readonly ISequenceLayer layer;
        readonly Linear head;
        readonly List<Tensor> parameters;
        readonly Adam adam;
        readonly Generator g = new(0);
        readonly int vocab;

        public CharModel(string name, int vocab, int embed, int hidden)
        {
            this.vocab = vocab;
            embedding = new Embedding(vocab, embed, g);
            layer = SequenceLayers.Create(name, embed, hidden, generator: g);
            head = new Linear(layer.OutputSize, vocab, generator: g);
            parameters = [.. embedding.Parameters(), .. ((Module)layer).Parameters(), .. head.Parameters()];
            adam = new Adam(parameters, 2e-3);
        }

        public long Parameters => parameters.Sum(p => (long)p.Count);

        /// <summary>Random inputs and targets, (T, B) time-major each.</summary>
        public (int[] X, int[] Y) Tokens(int batch, int steps) =>
            (Enumerable.Range(0, steps * batch).Select(_ => g.NextInt(vocab)).ToArray(),
             Enumerable.Range(0, steps * batch).Select(_ => g.NextInt(vocab)).ToArray());

        public void ForwardBackward(int[] x, int[] y, int batch, int steps)
        {
            foreach (var p in parameters) p.ZeroGrad();
            var (output, _) = layer.Forward(embedding.Forward(x, steps, batch));      // (T, B, H)
            var logits = head.Forward(output.Reshape(steps * batch, layer.OutputSize)); // (T·B, V)
            Functional.CrossEntropy(logits, y).Backward();
        }

        public void TrainStep(int[] x, int[] y, int batch, int steps)
        {
            ForwardBackward(x, y, batch, steps);
            GradientClipping.ClipGradNorm(parameters, 5.0);
            adam.Step();
        }
    }
}
