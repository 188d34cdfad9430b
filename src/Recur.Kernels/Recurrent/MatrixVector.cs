using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// y = W·x + beta·y for a row-major W (rows, cols): the projections of a single-row step (streaming inference),
/// where a GEMM's packing would cost as much as the product. Four rows share each load of x. A step needs two
/// products with the same row count (W_ih·x and W_hh·h), so <see cref="MultiplyPair"/> runs both in one call,
/// each thread taking the same half of the rows of both: the weights of a 256-unit LSTM (1.3 MB) then stay in
/// two private L2 caches instead of streaming through one. Threads are used only above
/// <see cref="ParallelThreshold"/> multiply-adds.
/// </summary>
public static class MatrixVector
{
    /// <summary>
    /// Measured with the rnn bench's stream workload (1024×320 per step, 1.3 MB of weights): on an idle 2-core
    /// machine two threads run a step at about twice one thread's rate, each core reading its half of the weights
    /// from its own L2. The threshold keeps hand-offs off steps too small to repay them; raise it (bench option
    /// --gemv-threshold) to keep every step on one thread.
    /// </summary>
    public static int ParallelThreshold { get; set; } = 1 << 17;

    // A helper descheduled after claiming its half (another program busy on the other core) makes a step wait out
    // that program's time slice: milliseconds for microseconds of work, which once made two threads a third as fast
    // as one. After such a step, steps run on one thread for a back-off that doubles with each stall (10 ms up to
    // 1 s) and resets after a two-thread step without one. A stall is a step slower than 0.5 ms plus 0.2 ns per
    // multiply-add, several times what a step of that size takes on one core.
    static readonly long MinBackoff = Stopwatch.Frequency / 100, MaxBackoff = Stopwatch.Frequency;
    static long oneThreadUntil, backoff = MinBackoff;

    public static void Multiply(int rows, int cols, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y) =>
        MultiplyPair(rows, cols, w, x, beta, y, 0, [], [], []);

    /// <summary>y1 = W1·x1 + beta1·y1 and y2 = W2·x2 (W1: rows×cols1, W2: rows×cols2; cols2 may be 0).</summary>
    public static unsafe void MultiplyPair(int rows, int cols1, ReadOnlySpan<float> w1, ReadOnlySpan<float> x1, float beta1, Span<float> y1,
        int cols2, ReadOnlySpan<float> w2, ReadOnlySpan<float> x2, Span<float> y2)
    {
        if (w1.Length < rows * cols1 || x1.Length < cols1 || y1.Length < rows || w2.Length < rows * cols2 || x2.Length < cols2 || (cols2 > 0 && y2.Length < rows))
            throw new ArgumentException("MatrixVector: a span is shorter than its matrix or vector.");
        fixed (float* pw1 = w1, px1 = x1, py1 = y1, pw2 = w2, px2 = x2, py2 = y2)
        {
            var work = new Pair(rows, cols1, pw1, px1, beta1, py1, cols2, pw2, px2, py2);
            long macs = (long)rows * (cols1 + cols2);
            bool parallel = Parallelism.MaxThreads >= 2 && macs >= ParallelThreshold && rows >= 16
                && Stopwatch.GetTimestamp() >= Volatile.Read(ref oneThreadUntil);
            if (parallel) RunTwoThreads(ref work, macs);
            else Rows(0, rows, cols1, pw1, px1, beta1, py1);
            if (!parallel && cols2 > 0) Rows(0, rows, cols2, pw2, px2, 0f, py2);
        }
    }

    static void RunTwoThreads(ref Pair work, long macs)
    {
        long start = Stopwatch.GetTimestamp();
        WorkerTeam.Run(ref work, 2);
        long elapsed = Stopwatch.GetTimestamp() - start;
        if (elapsed <= Stopwatch.Frequency * (0.5e-3 + 0.2e-9 * macs))
        {
            Volatile.Write(ref backoff, MinBackoff);
            return;
        }
        long wait = Volatile.Read(ref backoff);
        Volatile.Write(ref oneThreadUntil, Stopwatch.GetTimestamp() + wait);
        Volatile.Write(ref backoff, Math.Min(2 * wait, MaxBackoff));
    }

    unsafe readonly struct Pair(int rows, int cols1, float* w1, float* x1, float beta1, float* y1, int cols2, float* w2, float* x2, float* y2)
        : IParallelWork
    {
        public void Execute(int part)
        {
            int half = (rows / 2) & ~3, start = part == 0 ? 0 : half, end = part == 0 ? half : rows;
            Rows(start, end, cols1, w1, x1, beta1, y1);
            if (cols2 > 0) Rows(start, end, cols2, w2, x2, 0f, y2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Rows(int start, int end, int cols, float* w, float* x, float beta, float* y)
    {
        int r = start;
        if (Vector512.IsHardwareAccelerated && cols >= 16)
        {
            for (; r + 4 <= end; r += 4)
            {
                float* w0 = w + (nint)r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                int k = 0;
                for (; k + 16 <= cols; k += 16)
                {
                    var xv = Vector512.Load(x + k);
                    s0 = Vector512.FusedMultiplyAdd(Vector512.Load(w0 + k), xv, s0);
                    s1 = Vector512.FusedMultiplyAdd(Vector512.Load(w1 + k), xv, s1);
                    s2 = Vector512.FusedMultiplyAdd(Vector512.Load(w2 + k), xv, s2);
                    s3 = Vector512.FusedMultiplyAdd(Vector512.Load(w3 + k), xv, s3);
                }
                float t0 = Vector512.Sum(s0), t1 = Vector512.Sum(s1), t2 = Vector512.Sum(s2), t3 = Vector512.Sum(s3);
                for (; k < cols; k++) { t0 += w0[k] * x[k]; t1 += w1[k] * x[k]; t2 += w2[k] * x[k]; t3 += w3[k] * x[k]; }
                y[r] = t0 + (beta == 0 ? 0 : beta * y[r]);
                y[r + 1] = t1 + (beta == 0 ? 0 : beta * y[r + 1]);
                y[r + 2] = t2 + (beta == 0 ? 0 : beta * y[r + 2]);
                y[r + 3] = t3 + (beta == 0 ? 0 : beta * y[r + 3]);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r + 4 <= end; r += 4)
            {
                float* w0 = w + (nint)r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                int k = 0;
                for (; k + 8 <= cols; k += 8)
                {
                    var xv = Vector256.Load(x + k);
                    s0 = Vector256.FusedMultiplyAdd(Vector256.Load(w0 + k), xv, s0);
                    s1 = Vector256.FusedMultiplyAdd(Vector256.Load(w1 + k), xv, s1);
                    s2 = Vector256.FusedMultiplyAdd(Vector256.Load(w2 + k), xv, s2);
                    s3 = Vector256.FusedMultiplyAdd(Vector256.Load(w3 + k), xv, s3);
                }
                float t0 = Vector256.Sum(s0), t1 = Vector256.Sum(s1), t2 = Vector256.Sum(s2), t3 = Vector256.Sum(s3);
                for (; k < cols; k++) { t0 += w0[k] * x[k]; t1 += w1[k] * x[k]; t2 += w2[k] * x[k]; t3 += w3[k] * x[k]; }
                y[r] = t0 + (beta == 0 ? 0 : beta * y[r]);
                y[r + 1] = t1 + (beta == 0 ? 0 : beta * y[r + 1]);
                y[r + 2] = t2 + (beta == 0 ? 0 : beta * y[r + 2]);
                y[r + 3] = t3 + (beta == 0 ? 0 : beta * y[r + 3]);
            }
        }
        for (; r < end; r++)
        {
            float* row = w + (nint)r * cols;
            float t = 0;
            for (int k = 0; k < cols; k++) t += row[k] * x[k];
            y[r] = t + (beta == 0 ? 0 : beta * y[r]);
        }
    }
}
