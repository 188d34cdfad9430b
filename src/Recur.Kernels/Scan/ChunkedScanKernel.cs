using System.Numerics.Tensors;

namespace Recur.Kernels.Scan;

/// <summary>
/// The linear recurrence of <see cref="LinearScanKernel"/>, split along time into chunks that run in parallel
/// (reduce-then-scan, the two-level form of Blelloch's 1990 prefix scan for the associative operator
/// (a, b)∘(a', b') = (a·a', a'·b + b')): (1) each chunk, in parallel, reduces its steps to one affine map
/// h ↦ A_c ⊙ h + L_c (A_c = Π a, L_c the chunk's scan from zero); (2) the carries run through the chunks in order,
/// carry_c = A_c ⊙ carry_{c−1} + L_c; (3) each chunk, in parallel, rescans its steps from its carry and writes h.
/// About three times the arithmetic of the sequential scan, so it wins only when threads outnumber that factor
/// and the channels are too few to split (the rule is in <c>Functional.LinearScan</c>). Backward runs the reverse
/// recurrence g_t = ∂L/∂h_t + a_{t+1} ⊙ g_{t+1} the same way. This is the one kernel in the library that parallelises
/// over time. Results equal the sequential scan to rounding (the products are associated differently).
/// </summary>
public static class ChunkedScanKernel
{
    /// <summary>Writes h (T, N), <paramref name="chunk"/> steps per chunk.</summary>
    public static unsafe void Forward(int steps, int channels, int chunk, ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> h0, Span<float> h)
    {
        LinearScanKernel.Check(steps, channels, a.Length, b.Length, h0.Length, h.Length, "Forward (chunked)");
        fixed (float* pa = a, pb = b, ph0 = h0, ph = h) Run(steps, channels, chunk, pa, pb, h0.IsEmpty ? null : ph0, ph, reverse: false);
    }

    /// <summary>As <see cref="LinearScanKernel.Backward"/>, the reverse scan chunked along time.</summary>
    public static unsafe void Backward(int steps, int channels, int chunk, ReadOnlySpan<float> a, ReadOnlySpan<float> h0, ReadOnlySpan<float> h,
        ReadOnlySpan<float> dh, Span<float> da, Span<float> db, Span<float> dh0)
    {
        LinearScanKernel.Check(steps, channels, a.Length, db.Length, h0.Length, h.Length, "Backward (chunked)");
        if (dh.Length != h.Length || (!da.IsEmpty && da.Length != h.Length) || (!dh0.IsEmpty && dh0.Length != channels))
            throw new ArgumentException($"ChunkedScanKernel.Backward: ∂L/∂h and ∂L/∂a must hold {h.Length} cells and ∂L/∂h0 {channels}; got {dh.Length}, {da.Length} and {dh0.Length}.");
        fixed (float* pa = a, pdh = dh, pdb = db) Run(steps, channels, chunk, pa, pdh, null, pdb, reverse: true);
        // ∂L/∂a_t = g_t ⊙ h_{t−1} and ∂L/∂h0 = a_0 ⊙ g_0 need no recurrence.
        int n = channels;
        for (int t = 0; t < steps && !da.IsEmpty; t++)
        {
            var hPrev = t > 0 ? h.Slice((t - 1) * n, n) : h0;
            if (hPrev.IsEmpty) da.Slice(0, n).Clear();
            else TensorPrimitives.Multiply(db.Slice(t * n, n), hPrev, da.Slice(t * n, n));
        }
        if (!dh0.IsEmpty && steps > 0) TensorPrimitives.Multiply(a.Slice(0, n), db.Slice(0, n), dh0);
    }

    static unsafe void Run(int steps, int channels, int chunk, float* a, float* b, float* h0, float* h, bool reverse)
    {
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "A chunk must hold at least one step.");
        if (steps == 0 || channels == 0) return;
        int chunks = (steps + chunk - 1) / chunk;
        var sums = new float[2 * (long)chunks * channels]; // per chunk: A_c, then L_c (replaced by the carry into the chunk)
        fixed (float* s = sums)
        {
            var work = new Work(steps, channels, chunk, a, b, h, s, reverse, phase: 1);
            WorkerTeam.Run(ref work, chunks);
            var carry = new float[channels];
            var next = new float[channels];
            if (h0 is not null) new Span<float>(h0, channels).CopyTo(carry);
            for (int k = 0; k < chunks; k++)
            {
                int c = reverse ? chunks - 1 - k : k;
                var product = new Span<float>(s + 2L * c * channels, channels);
                var local = new Span<float>(s + (2L * c + 1) * channels, channels);
                TensorPrimitives.MultiplyAdd(product, carry, local, next);
                carry.CopyTo(local);
                (carry, next) = (next, carry);
            }
            work = new Work(steps, channels, chunk, a, b, h, s, reverse, phase: 3);
            WorkerTeam.Run(ref work, chunks);
        }
    }

    /// <summary>
    /// One chunk's phase 1 (reduce) or 3 (rescan). Forward, step t has coefficient a_t; reverse, the steps run
    /// from the end and step t has coefficient a_{t+1}, none at t = T−1 (nothing comes after the last step).
    /// </summary>
    unsafe readonly struct Work(int T, int N, int chunk, float* a, float* b, float* h, float* sums, bool reverse, int phase) : IParallelWork
    {
        Span<float> Row(float* p, int t) => new(p + (long)t * N, N);

        public void Execute(int c)
        {
            int start = c * chunk, end = Math.Min(T, start + chunk);
            var product = new Span<float>(sums + 2L * c * N, N);
            var local = new Span<float>(sums + (2L * c + 1) * N, N);
            if (phase == 1) { product.Fill(1f); local.Clear(); }
            for (int k = start; k < end; k++)
            {
                int t = reverse ? start + end - 1 - k : k;
                int ta = reverse ? t + 1 : t;
                bool hasCoefficient = ta < T;
                if (phase == 1)
                {
                    if (hasCoefficient)
                    {
                        TensorPrimitives.MultiplyAdd(Row(a, ta), local, Row(b, t), local);
                        TensorPrimitives.Multiply(product, Row(a, ta), product);
                    }
                    else { Row(b, t).CopyTo(local); product.Clear(); }
                    continue;
                }
                var prev = k == start ? local : Row(h, reverse ? t + 1 : t - 1);
                if (hasCoefficient) TensorPrimitives.MultiplyAdd(Row(a, ta), prev, Row(b, t), Row(h, t));
                else Row(b, t).CopyTo(Row(h, t));
            }
        }
    }
}
