using System.Globalization;
using Recur.Kernels;
using Recur.Kernels.SelectiveScan;

namespace Recur.Bench;

/// <summary>
/// Forward + backward of one <see cref="Nn.Mamba"/> block (mamba_simple defaults: d_state 16, d_conv 4, expand 2) on
/// time-major input (L, B, d_model) that requires grad, with a fixed upstream gradient, as tools/mamba_torch_peer.py
/// times the pure-torch selective_scan_ref path. After one warm-up call, the best of --repeats calls per length.
/// Prints <c>mamba-L&lt;L&gt; &lt;tokens/s&gt; tokens/s (&lt;ms&gt; ms)</c> per length, then a comment with the scan kernel's
/// forward and backward alone. Options: --threads 2, --model 128, --batch 16, --lengths 256,1024,4096, --repeats 3.
/// </summary>
public static class MambaBench
{
    public static int Run(BenchOptions o)
    {
        int threads = o.Int("threads", 2), model = o.Int("model", 128), batch = o.Int("batch", 16), repeats = o.Int("repeats", 3);
        var lengths = o.String("lengths", "256,1024,4096").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Parallelism.MaxThreads = threads;
        foreach (int length in lengths)
        {
            var block = new Nn.Mamba(model, generator: new Generator(0));
            var g = new Generator(1);
            var x = Tensor.Randn(g, length, batch, model).RequireGrad();
            var gy = Tensor.Randn(g, length, batch, model);
            void Step()
            {
                block.ZeroGrad();
                x.Grad = null;
                block.Forward(x).Output.Backward(gy);
            }
            double best = Best(Step, repeats);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mamba-L{length} {length * batch / best * 1e3:F0} tokens/s ({best:F1} ms)"));
            Scan(block, length, batch, repeats);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# recur --threads {threads}, d_model {model}, B {batch}: forward+backward of one block, best of {repeats}"));
        return 0;
    }

    static double Best(Action step, int repeats) => BenchTimer.Rounds(step, repeats)[0];

    /// <summary>The selective scan kernel alone at the block's sizes, to see its share.</summary>
    static void Scan(Nn.Mamba block, int length, int batch, int repeats)
    {
        int d = block.InnerSize, n = block.StateSize;
        var p = new SelectiveScanProblem(length, batch, d, n, HasSkip: true, HasGate: true, HasDeltaBias: true, DeltaSoftplus: true);
        var g = new Generator(2);
        float[] Rand(long count, float low, float high) { var a = new float[count]; for (long i = 0; i < count; i++) a[i] = low + (high - low) * g.NextFloat(); return a; }
        long tbd = (long)length * batch * d, tbn = (long)length * batch * n;
        var u = Rand(tbd, -1, 1); var delta = Rand(tbd, -1, 1); var a = Rand(d * n, -16, -1); var bm = Rand(tbn, -1, 1); var cm = Rand(tbn, -1, 1);
        var skip = Rand(d, 1, 1); var z = Rand(tbd, -1, 1); var bias = Rand(d, -5, -2);
        var (y, last, saved, dy) = (new float[tbd], new float[(long)batch * d * n], new float[p.CheckpointLength], Rand(tbd, -1, 1));
        var (du, dd, dA, dB, dC, dD, dz, dBias) = (new float[tbd], new float[tbd], new float[d * n], new float[tbn], new float[tbn], new float[d], new float[tbd], new float[d]);
        SelectiveScanInputs Inputs() => new() { U = u, Delta = delta, A = a, B = bm, C = cm, Skip = skip, Gate = z, DeltaBias = bias };
        double forward = Best(() => SelectiveScanKernel.Forward(p, Inputs(), y, last, saved), repeats);
        double backward = Best(() => SelectiveScanKernel.Backward(p, Inputs(), saved, dy, [],
            new SelectiveScanGradients { U = du, Delta = dd, A = dA, B = dB, C = dC, Skip = dD, Gate = dz, DeltaBias = dBias }), repeats);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# scan kernel alone: forward {forward:F1} ms, backward {backward:F1} ms"));
    }
}
