using System.Numerics.Tensors;

namespace Recur.Kernels.Scan;

/// <summary>
/// The linear recurrence for positive a and b in log space (Heinsen 2023, "Efficient Parallelization of a
/// Ubiquitous Sequential Computation"): y_t = log h_t = a*_t + logcumsumexp_{s≤t}(log b_s − a*_s), a*_t = Σ_{s≤t} log a_s.
/// On a CPU that closed form is best evaluated as the scan it came from,
/// y_t = logaddexp(log a_t + y_{t−1}, log b_t) = max(x, log b_t) + log(1 + exp(−|x − log b_t|)), x = log a_t + y_{t−1},
/// which is the same value in exact arithmetic, one pass, and never forms a*_t (whose magnitude grows with t and
/// eats the precision of log b_s − a*_s in float). y_{−1} is log h0, or −∞ when none is given; log b must be finite.
/// Backward: with w_t = exp(x_t − y_t) (the carried share of h_t) and u_t = exp(log b_t − y_t) = 1 − w_t,
/// g_t = ∂L/∂y_t + w_{t+1} ⊙ g_{t+1}, ∂L/∂log a_t = g_t ⊙ w_t, ∂L/∂log b_t = g_t ⊙ u_t, ∂L/∂log h0 = w_0 ⊙ g_0.
/// </summary>
public static class LogScanKernel
{
    /// <summary>Writes log h (T, N).</summary>
    public static unsafe void Forward(int steps, int channels, ReadOnlySpan<float> logA, ReadOnlySpan<float> logB, ReadOnlySpan<float> logH0, Span<float> logH)
    {
        LinearScanKernel.Check(steps, channels, logA.Length, logB.Length, logH0.Length, logH.Length, "Forward (log space)");
        fixed (float* la = logA, lb = logB, l0 = logH0, y = logH)
        {
            var work = new Work(steps, channels, la, lb, logH0.IsEmpty ? null : l0, y, null, null, null, null);
            ChannelBlocks.Run(ref work, steps, channels);
        }
    }

    /// <summary>From log h and ∂L/∂log h, writes ∂L/∂log a and ∂L/∂log b (T, N) and, when not empty, ∂L/∂log h0 (N).</summary>
    public static unsafe void Backward(int steps, int channels, ReadOnlySpan<float> logA, ReadOnlySpan<float> logB, ReadOnlySpan<float> logH0,
        ReadOnlySpan<float> logH, ReadOnlySpan<float> dLogH, Span<float> dLogA, Span<float> dLogB, Span<float> dLogH0)
    {
        LinearScanKernel.Check(steps, channels, logA.Length, logB.Length, logH0.Length, logH.Length, "Backward (log space)");
        if (dLogH.Length != logH.Length || dLogA.Length != logH.Length || dLogB.Length != logH.Length || (!dLogH0.IsEmpty && dLogH0.Length != channels))
            throw new ArgumentException($"LogScanKernel.Backward: ∂L/∂log h, ∂L/∂log a and ∂L/∂log b must hold {logH.Length} cells and ∂L/∂log h0 {channels}.");
        fixed (float* la = logA, lb = logB, l0 = logH0, y = logH, dy = dLogH, dla = dLogA, dlb = dLogB, d0 = dLogH0)
        {
            var work = new Work(steps, channels, la, lb, logH0.IsEmpty ? null : l0, y, dy, dla, dlb, dLogH0.IsEmpty ? null : d0);
            ChannelBlocks.Run(ref work, steps, channels);
        }
    }

    unsafe readonly struct Work(int T, int N, float* logA, float* logB, float* logH0, float* y, float* dy, float* dla, float* dlb, float* d0) : IChannelWork
    {
        Span<float> Row(float* p, int t, int from, int width) => new(p + (long)t * N + from, width);

        Span<float> Previous(int t, int from, int width) => t > 0 ? Row(y, t - 1, from, width) : logH0 is null ? default : new Span<float>(logH0 + from, width);

        public void Execute(int from, int width)
        {
            var x = new float[width];
            var m = new float[width];
            if (dy is null)
            {
                for (int t = 0; t < T; t++)
                {
                    var prev = Previous(t, from, width);
                    var lb = Row(logB, t, from, width);
                    var yt = Row(y, t, from, width);
                    if (prev.IsEmpty) { lb.CopyTo(yt); continue; }
                    TensorPrimitives.Add(Row(logA, t, from, width), prev, x);
                    TensorPrimitives.Max(x, lb, m);
                    TensorPrimitives.Subtract(x, lb, x);
                    TensorPrimitives.Abs(x, x);
                    TensorPrimitives.Negate(x, x);
                    TensorPrimitives.Exp(x, x);
                    TensorPrimitives.Add(x, 1f, x);
                    TensorPrimitives.Log(x, x);
                    TensorPrimitives.Add(m, x, yt);
                }
                return;
            }
            // x holds w_t, m holds g_t; g_t is built in ∂L/∂log b's row, then replaced by g_t·u_t = g_t − g_t·w_t.
            for (int t = T - 1; t >= 0; t--)
            {
                var g = Row(dlb, t, from, width);
                if (t == T - 1) Row(dy, t, from, width).CopyTo(g);
                else TensorPrimitives.MultiplyAdd(x, m, Row(dy, t, from, width), g); // x still holds w_{t+1}
                g.CopyTo(m);
                CarriedShare(t, from, width, x);
                TensorPrimitives.Multiply(m, x, Row(dla, t, from, width));
                if (t == 0 && d0 is not null) TensorPrimitives.Multiply(m, x, new Span<float>(d0 + from, width));
                TensorPrimitives.Subtract(m, Row(dla, t, from, width), g); // g·u = g·(1 − w)
            }
        }

        /// <summary>w_t = exp(log a_t + y_{t−1} − y_t), zero at t = 0 without log h0.</summary>
        void CarriedShare(int t, int from, int width, Span<float> w)
        {
            var prev = Previous(t, from, width);
            if (prev.IsEmpty) { w.Clear(); return; }
            TensorPrimitives.Add(Row(logA, t, from, width), prev, w);
            TensorPrimitives.Subtract(w, Row(y, t, from, width), w);
            TensorPrimitives.Exp(w, w);
        }
    }
}
