using System.Diagnostics;
using System.Globalization;
using Recur.Kernels;
using Recur.Nn;

namespace Recur.Bench;

/// <summary>
/// Forward + backward of <see cref="Functional.CtcLoss"/> (mean reduction) on log-probabilities (T, N, C) held as a
/// leaf that requires grad, full input lengths and seeded random targets of one length, as tools/ctc_torch_peer.py
/// times torch.nn.CTCLoss. Warmed up for a second, then the median of --repeats timings of --iterations calls.
/// Prints <c>ctc &lt;ms per forward+backward&gt;</c>. Options: --threads 2, --time 200, --batch 32, --classes 30,
/// --target 40, --repeats 7, --iterations 20. A comment line follows with the kernel's forward and backward timed apart.
/// </summary>
public static class CtcBench
{
    public static int Run(BenchOptions o)
    {
        int threads = o.Int("threads", 2), T = o.Int("time", 200), N = o.Int("batch", 32), C = o.Int("classes", 30), S = o.Int("target", 40);
        int repeats = o.Int("repeats", 7), iterations = o.Int("iterations", 20);
        Parallelism.MaxThreads = threads;
        var g = new Generator(0);
        var logProbs = Tensor.Randn(g, T, N, C).LogSoftmax(2).Detach().RequireGrad();   // (T, N, C)
        var labels = new int[N * S];
        for (int i = 0; i < labels.Length; i++) labels[i] = 1 + g.NextInt(C - 1);
        var targets = CtcTargets.Padded(labels, S, Enumerable.Repeat(S, N).ToArray());
        var inputLengths = Enumerable.Repeat(T, N).ToArray();

        void Step()
        {
            logProbs.Grad = null;
            Functional.CtcLoss(logProbs, targets, inputLengths).Backward();
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3 || clock.Elapsed.TotalSeconds < 1; i++) Step();
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            clock.Restart();
            for (int i = 0; i < iterations; i++) Step();
            times[r] = clock.Elapsed.TotalMilliseconds / iterations;
        }
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ctc {times[repeats / 2]:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# recur --threads {threads}, T {T}, N {N}, C {C}, S {S}: ms per forward+backward, median of {repeats}: {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}"));
        Breakdown(logProbs, targets, inputLengths, repeats, iterations);
        return 0;
    }

    /// <summary>The kernel's forward and backward timed apart (medians), to see where the time goes.</summary>
    static void Breakdown(Tensor logProbs, CtcTargets targets, int[] inputLengths, int repeats, int iterations)
    {
        var problem = new Kernels.Ctc.CtcProblem(logProbs.Shape[0], logProbs.Shape[2], 0, targets.AllLabels, targets.Offsets, targets.Lengths, inputLengths);
        var lp = logProbs.ToArray();
        var alpha = new double[problem.AlphaLength];
        var nll = new double[problem.Batch];
        var scale = Enumerable.Repeat(1.0, problem.Batch).ToArray();
        var grad = new float[lp.Length];
        double Median(Action a)
        {
            var times = new double[repeats];
            for (int r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < iterations; i++) a();
                times[r] = clock.Elapsed.TotalMilliseconds / iterations;
            }
            Array.Sort(times);
            return times[repeats / 2];
        }
        double forward = Median(() => Kernels.Ctc.CtcKernel.Forward(problem, lp, alpha, nll));
        double backward = Median(() => { Array.Clear(grad); Kernels.Ctc.CtcKernel.Backward(problem, lp, alpha, nll, scale, false, grad); });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# kernel alone: forward {forward:F3} ms, backward {backward:F3} ms"));
    }
}
