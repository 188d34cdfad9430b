using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// y = W·x + beta·y for a row-major W (rows, cols): the recurrent product of a single-row step (streaming
/// inference), where a GEMM's packing would cost as much as the product. Four rows share each load of x; rows
/// are split over threads only when there are enough of them to pay for the hand-off.
/// </summary>
public static class MatrixVector
{
    /// <summary>Below this many multiply-adds one thread is faster than two (measured with the rnn bench's stream workload).</summary>
    public static int ParallelThreshold { get; set; } = 1 << 18;

    public static void Multiply(int rows, int cols, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        int threads = Math.Min(Parallelism.MaxThreads, 2);
        if (threads < 2 || (long)rows * cols < ParallelThreshold || rows < 16)
        {
            Rows(0, rows, cols, w, x, beta, y);
            return;
        }
        unsafe
        {
            fixed (float* pw = w, px = x, py = y)
            {
                var (aw, ax, ay) = ((nint)pw, (nint)px, (nint)py);
                int half = (rows / 2) & ~3;
                Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, part =>
                {
                    int start = part == 0 ? 0 : half, end = part == 0 ? half : rows;
                    Rows(start, end, cols, new ReadOnlySpan<float>((float*)aw, rows * cols), new ReadOnlySpan<float>((float*)ax, cols),
                        beta, new Span<float>((float*)ay, rows));
                });
            }
        }
    }

    static void Rows(int start, int end, int cols, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        int r = start;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r + 4 <= end; r += 4)
            {
                var w0 = w.Slice(r * cols, cols); var w1 = w.Slice((r + 1) * cols, cols);
                var w2 = w.Slice((r + 2) * cols, cols); var w3 = w.Slice((r + 3) * cols, cols);
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                int k = 0;
                for (; k + 8 <= cols; k += 8)
                {
                    var xv = Vector256.Create(x.Slice(k));
                    s0 = Vector256.FusedMultiplyAdd(Vector256.Create(w0.Slice(k)), xv, s0);
                    s1 = Vector256.FusedMultiplyAdd(Vector256.Create(w1.Slice(k)), xv, s1);
                    s2 = Vector256.FusedMultiplyAdd(Vector256.Create(w2.Slice(k)), xv, s2);
                    s3 = Vector256.FusedMultiplyAdd(Vector256.Create(w3.Slice(k)), xv, s3);
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
            var row = w.Slice(r * cols, cols);
            float t = 0;
            for (int k = 0; k < cols; k++) t += row[k] * x[k];
            y[r] = t + (beta == 0 ? 0 : beta * y[r]);
        }
    }
}
