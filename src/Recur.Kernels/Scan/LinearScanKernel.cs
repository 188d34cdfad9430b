using System.Numerics.Tensors;

namespace Recur.Kernels.Scan;

/// <summary>
/// The first-order linear recurrence h_t = a_t ⊙ h_{t−1} + b_t over (T, N) row-major buffers, N = B·D channels
/// contiguous per step, run sequentially in time and vectorised across channels (one fused multiply–add per row);
/// h_{−1} is <c>h0</c> (N) or zero when <c>h0</c> is empty. Backward is the same recurrence run in reverse:
/// g_t = ∂L/∂h_t + a_{t+1} ⊙ g_{t+1}, and then ∂L/∂b_t = g_t, ∂L/∂a_t = g_t ⊙ h_{t−1}, ∂L/∂h0 = a_0 ⊙ g_0.
/// Large problems split the channels into blocks, one per thread; time is never split here (see
/// <see cref="ChunkedScanKernel"/> for that).
/// </summary>
public static class LinearScanKernel
{
    /// <summary>T·N cells below which one thread runs the whole scan.</summary>
    public const long ParallelCells = 1 << 16;

    /// <summary>Writes h (T, N).</summary>
    public static unsafe void Forward(int steps, int channels, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> h0, Span<float> h)
    {
        Check(steps, channels, a.Length, b.Length, h0.Length, h.Length, "Forward");
        fixed (float* pa = a, pb = b, ph0 = h0, ph = h)
        {
            var work = new Work(steps, channels, pa, pb, h0.IsEmpty ? null : ph0, ph, null, null, null, null);
            ChannelBlocks.Run(ref work, steps, channels);
        }
    }

    /// <summary>
    /// From the forward's h and ∂L/∂h (both (T, N)), writes ∂L/∂b (T, N) — which holds g — and, when not empty,
    /// ∂L/∂a (T, N) and ∂L/∂h0 (N).
    /// </summary>
    public static unsafe void Backward(int steps, int channels, ReadOnlySpan<float> a, ReadOnlySpan<float> h0, ReadOnlySpan<float> h,
        ReadOnlySpan<float> dh, Span<float> da, Span<float> db, Span<float> dh0)
    {
        Check(steps, channels, a.Length, db.Length, h0.Length, h.Length, "Backward");
        if (dh.Length != h.Length || (!da.IsEmpty && da.Length != h.Length) || (!dh0.IsEmpty && dh0.Length != channels))
            throw new ArgumentException($"LinearScanKernel.Backward: ∂L/∂h and ∂L/∂a must hold {h.Length} cells and ∂L/∂h0 {channels}; got {dh.Length}, {da.Length} and {dh0.Length}.");
        fixed (float* pa = a, ph0 = h0, ph = h, pdh = dh, pda = da, pdb = db, pdh0 = dh0)
        {
            var work = new Work(steps, channels, pa, null, h0.IsEmpty ? null : ph0, ph, pdh, da.IsEmpty ? null : pda, pdb, dh0.IsEmpty ? null : pdh0);
            ChannelBlocks.Run(ref work, steps, channels);
        }
    }

    internal static void Check(int steps, int channels, int a, int b, int h0, int h, string what)
    {
        long cells = (long)steps * channels;
        if (steps < 0 || channels < 0 || a != cells || b != cells || h != cells || (h0 != 0 && h0 != channels))
            throw new ArgumentException($"Scan {what}: for T = {steps} and N = {channels}, a, b and h must hold {cells} cells and h0 {channels} (or none); got {a}, {b}, {h} and {h0}.");
    }

    /// <summary>One block of channels [from, from + width), forward when dh is null, else backward.</summary>
    unsafe readonly struct Work(int T, int N, float* a, float* b, float* h0, float* h, float* dh, float* da, float* db, float* dh0) : IChannelWork
    {
        public void Execute(int from, int width)
        {
            if (dh is null) RunForward(from, width);
            else RunBackward(from, width);
        }

        Span<float> Row(float* p, int t, int from, int width) => new(p + (long)t * N + from, width);

        void RunForward(int from, int width)
        {
            for (int t = 0; t < T; t++)
            {
                var ht = Row(h, t, from, width);
                if (t > 0) TensorPrimitives.MultiplyAdd(Row(a, t, from, width), Row(h, t - 1, from, width), Row(b, t, from, width), ht);
                else if (h0 is not null) TensorPrimitives.MultiplyAdd(Row(a, 0, from, width), new Span<float>(h0 + from, width), Row(b, 0, from, width), ht);
                else Row(b, 0, from, width).CopyTo(ht);
            }
        }

        void RunBackward(int from, int width)
        {
            for (int t = T - 1; t >= 0; t--)
            {
                var g = Row(db, t, from, width);
                if (t == T - 1) Row(dh, t, from, width).CopyTo(g);
                else TensorPrimitives.MultiplyAdd(Row(a, t + 1, from, width), Row(db, t + 1, from, width), Row(dh, t, from, width), g);
                if (da is null) continue;
                if (t > 0) TensorPrimitives.Multiply(g, Row(h, t - 1, from, width), Row(da, t, from, width));
                else if (h0 is not null) TensorPrimitives.Multiply(g, new Span<float>(h0 + from, width), Row(da, 0, from, width));
                else Row(da, 0, from, width).Clear();
            }
            if (dh0 is not null && T > 0) TensorPrimitives.Multiply(Row(a, 0, from, width), Row(db, 0, from, width), new Span<float>(dh0 + from, width));
        }
    }
}
