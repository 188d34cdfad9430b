using System.Diagnostics;
using System.Globalization;
using Recur.Kernels;
using Recur.Kernels.Recurrent;

namespace Recur.Bench;

/// <summary>
/// SGEMM throughput, one line per shape: `gemm MxKxN GFLOP/s` (best of five timed runs of at least 0.1 s each).
/// Squares show the cache-blocked kernel at scale; the others are the RNN projections (m = batch, n = 4·hidden)
/// and a batch-1 streaming step. Options: --threads N (default 2), --m --k --n for one custom shape,
/// --ta/--tb to transpose A/B, --packed to time a recurrent step's product against B packed once ahead (PackedGemm,
/// best instruction set), --isa scalar|avx2|avx512, --mc --kc --nc to override the blocking, and --cpu to divide by
/// process CPU time instead of wall time (for tuning with --threads 1 on a shared, busy machine).
/// </summary>
public static class GemmBench
{
    static readonly (int M, int K, int N)[] Shapes =
        [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048), (32, 640, 2048), (64, 768, 2048), (1, 320, 1024)];

    public static int Run(BenchOptions options)
    {
        Parallelism.MaxThreads = options.Int("threads", 2);
        var isa = Enum.Parse<GemmIsa>(options.String("isa", GemmIsaSupport.Best.ToString()), ignoreCase: true);
        var blocking = isa switch { GemmIsa.Avx512 => Gemm.Avx512Blocking, GemmIsa.Avx2 => Gemm.Avx2Blocking, _ => Gemm.ScalarBlocking };
        blocking = new GemmBlocking(options.Int("mc", blocking.Mc), options.Int("kc", blocking.Kc), options.Int("nc", blocking.Nc));
        switch (isa)
        {
            case GemmIsa.Avx512: Gemm.Avx512Blocking = blocking; break;
            case GemmIsa.Avx2: Gemm.Avx2Blocking = blocking; break;
            default: Gemm.ScalarBlocking = blocking; break;
        }
        bool transA = options.Has("ta"), transB = options.Has("tb");
        var shapes = options.Has("m") || options.Has("k") || options.Has("n")
            ? [(options.Int("m", 512), options.Int("k", 512), options.Int("n", 512))]
            : Shapes;
        bool cpuTime = options.Has("cpu"), packed = options.Has("packed");
        foreach (var (m, k, n) in shapes)
        {
            double gflops = Time(m, k, n, transA, transB, isa, cpuTime, packed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(packed ? "packed-gemm" : "gemm")} {m}x{k}x{n} {gflops:F1}"));
        }
        return 0;
    }

    static double Time(int m, int k, int n, bool transA, bool transB, GemmIsa isa, bool cpuTime, bool packed)
    {
        var random = new Random(1);
        var a = Fill(new float[m * k], random);
        var b = Fill(new float[k * n], random);
        var c = new float[m * n];
        int lda = transA ? m : k, ldb = transB ? k : n;
        var packedB = packed ? PackedGemm.Allocate(n, k) : default;
        if (packed) PackedGemm.Pack(transB, n, k, b, ldb, packedB.Span);
        void Once()
        {
            if (packed) PackedGemm.Multiply(m, n, k, a, k, packedB.Span, 0f, c, n);
            else Gemm.Multiply(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, isa, Parallelism.MaxThreads);
        }

        var clock = Stopwatch.StartNew();
        int reps = 0;
        while (clock.Elapsed.TotalSeconds < 0.2 || reps < 3)
        {
            Once();
            reps++;
        }
        reps = Math.Max(1, (int)(reps * 0.1 / clock.Elapsed.TotalSeconds)); // about 0.1 s per run
        double best = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (int run = 0; run < 5; run++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            clock.Restart();
            for (int i = 0; i < reps; i++)
                Once();
            process.Refresh();
            double seconds = cpuTime ? (process.TotalProcessorTime - cpuStart).TotalSeconds : clock.Elapsed.TotalSeconds;
            best = Math.Min(best, seconds / reps);
        }
        return 2.0 * m * n * k / best / 1e9;
    }

    static float[] Fill(float[] values, Random random)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
