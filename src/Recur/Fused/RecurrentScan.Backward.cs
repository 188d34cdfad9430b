using System.Numerics.Tensors;
using Recur.Kernels;
using Recur.Kernels.Recurrent;
using Recur.Recurrent;

namespace Recur.Fused;

/// <summary>
/// Backward of <see cref="RecurrentScan"/>: back-propagation through time (Werbos 1990). The per-step work is the
/// fused gate backward plus one GEMM dh_{t−1} = dG_t · W_hh; every weight gradient and dX is one GEMM over all
/// T·B rows once the loop is done: dW_ih = dGᵀ X, dW_hh = dG_hᵀ H_prev, dW_hr = dPᵀ H_cell, dX = dG W_ih.
/// </summary>
internal static partial class RecurrentScan
{
    sealed record Saved(GateKernel Kernel, int T, int B, int I, int H, int P, bool Reverse, int[]? Lengths,
        ReadOnlyMemory<float> X, float[] Wih, float[] Whh, float[]? Whr, float[] Hs, float[] Cs, float[] HFull, float[] Gates);

    static void Backward(Saved s, float[] grad, Tensor x, Tensor h0, Tensor? c0, RecurrentWeights w)
    {
        var kernel = s.Kernel;
        int T = s.T, B = s.B, I = s.I, H = s.H, P = s.P, G = kernel.Gates * H, S = kernel.SavedGates * H;
        bool proj = s.Whr is not null, cell = kernel.HasCellState, reverse = s.Reverse;
        int outputSize = T * B * P;
        var dh = grad.AsSpan(outputSize, B * P).ToArray();
        var dc = cell ? grad.AsSpan(outputSize + B * P, B * H).ToArray() : [];
        var pool = GradientBufferPool.Current;
        var dhPrev = pool.Rent(B * P);
        var dcPrev = cell ? pool.Rent(B * H) : [];
        var dhCell = proj ? pool.Rent(B * H) : dh;
        // The walk back goes a chunk of steps at a time (a few megabytes of gate gradients), and each chunk's share of
        // dW_ih, dW_hh, dW_hr, dX and the bias gradients is multiplied in while its gate gradients are still in
        // the last-level cache; over the whole sequence they went to DRAM and back between the walk and these GEMMs.
        // dW accumulates chunk by chunk (beta = 1), latest steps first.
        int chunk = EvenChunk(T, GradientChunkFloats / (B * G));
        var dGx = pool.Rent(chunk * B * G);
        var dGh = kernel.SeparateHiddenGradient ? pool.Rent(chunk * B * G) : dGx;
        var dP = proj ? pool.Rent(chunk * B * P) : [];
        var dX = x.RequiresGrad ? pool.Rent(T * B * I) : null;
        var dWih = pool.Rent(G * I);
        var dWhh = pool.Rent(G * P);
        var dWhr = proj ? pool.Rent(P * H) : null;
        var dBih = w.InputBias is null ? null : new float[G];
        var dBhh = w.HiddenBias is null ? null : new float[G];

        var packedWhh = PackedGemm.Rent(P, G);
        PackedGemm.Pack(false, P, G, s.Whh, P, packedWhh.Span);
        var packedWhr = proj ? PackedGemm.Rent(H, P) : default;
        if (proj) PackedGemm.Pack(false, H, P, s.Whr!, H, packedWhr.Span);

        // As forward, each thread walks back through time over its own batch rows.
        int parts = RowParts(B);
        for (int step0 = 0; step0 < T; step0 += chunk)
        {
            int n = Math.Min(chunk, T - step0), t0 = reverse ? step0 : T - step0 - n, rows = n * B;
            var scan = new BackwardScan(s, grad, parts, step0, n, t0, dh, dhPrev, dc, dcPrev, dhCell, dP, dGx, dGh, packedWhh, packedWhr);
            BatchRows.RunInParts(ref scan, B, parts);
            // Every part swapped its state gradients once per step.
            if (n % 2 == 1)
            {
                (dh, dhPrev) = (dhPrev, dh);
                (dc, dcPrev) = (dcPrev, dc);
            }
            float beta = step0 == 0 ? 0f : 1f;
            if (dX is not null) Gemm.Multiply(false, false, rows, I, G, 1f, dGx, G, s.Wih, I, 0f, dX.AsSpan(t0 * B * I, rows * I), I);
            Gemm.Multiply(true, false, G, I, rows, 1f, dGx, G, s.X.Span.Slice(t0 * B * I, rows * I), I, beta, dWih, I);
            Gemm.Multiply(true, false, G, P, rows, 1f, dGh, G, s.Hs.AsSpan((t0 + (reverse ? 1 : 0)) * B * P, rows * P), P, beta, dWhh, P);
            if (proj) Gemm.Multiply(true, false, P, H, rows, 1f, dP, P, s.HFull.AsSpan(t0 * B * H, rows * H), H, beta, dWhr, H);
            if (dBih is not null) AddColumnSums(dGx, rows, G, dBih);
            if (dBhh is not null) AddColumnSums(dGh, rows, G, dBhh);
        }
        PackedGemm.Return(packedWhh);
        if (proj) PackedGemm.Return(packedWhr);
        if (T == 0) // no chunk wrote the weight gradients (pooled buffers may hold anything)
        {
            dWih.AsSpan().Clear();
            dWhh.AsSpan().Clear();
            dWhr?.AsSpan().Clear();
        }

        // Every gradient below is a fresh buffer handed over (owned): adopted as the input's gradient, or added to
        // it and recycled, never copied.
        if (dX is not null) x.AccumulateGrad(new Tensor(dX, x.Shape.ToArray()), owned: true);
        h0.AccumulateGrad(new Tensor(dh, [B, P]), owned: true);
        if (cell) c0?.AccumulateGrad(new Tensor(dc, [B, H]), owned: true);
        w.InputWeight.AccumulateGrad(new Tensor(dWih, [G, I]), owned: true);
        w.HiddenWeight.AccumulateGrad(new Tensor(dWhh, [G, P]), owned: true);
        if (proj) w.ProjectionWeight!.AccumulateGrad(new Tensor(dWhr!, [P, H]), owned: true);
        if (dBih is not null) w.InputBias!.AccumulateGrad(new Tensor(dBih, [G]), owned: true);
        if (dBhh is not null) w.HiddenBias!.AccumulateGrad(new Tensor(dBhh, [G]), owned: true);
        Return(pool, dhPrev, dcPrev, dGx, dGh == dGx ? [] : dGh, proj ? dhCell : [], dP);
    }

    /// <summary>
    /// The walk back through time over batch rows [b0, b0 + rows), touching only those rows.
    /// Steps step0 … step0 + n − 1 of the walk, whose times start at t0; the gate gradients (and dP) of those steps
    /// fill the chunk buffers from their start.
    /// </summary>
    readonly struct BackwardScan(Saved s, float[] gOut, int parts, int step0, int n, int t0, float[] dh, float[] dhPrev,
        float[] dc, float[] dcPrev, float[] dhCell, float[] dP, float[] dGx, float[] dGh, Memory<float> packedWhh, Memory<float> packedWhr) : IRowWork
    {
        public void Execute(int b0, int rows)
        {
            var kernel = s.Kernel;
            int T = s.T, B = s.B, H = s.H, P = s.P, G = kernel.Gates * H, S = kernel.SavedGates * H;
            bool proj = !packedWhr.IsEmpty, cell = kernel.HasCellState, reverse = s.Reverse;
            int threads = parts == 1 ? 0 : 1;
            var (dhNow, dhNext, dcNow, dcNext) = (dh, dhPrev, dc, dcPrev);
            for (int step = step0; step < step0 + n; step++)
            {
                int t = reverse ? step : T - 1 - step, inSlot = reverse ? t + 1 : t, outSlot = reverse ? t : t + 1;
                var dGxT = dGx.AsMemory(((t - t0) * B + b0) * G, rows * G);
                var dGhT = dGh.AsMemory(((t - t0) * B + b0) * G, rows * G);
                var dhRows = dhNow.AsMemory(b0 * P, rows * P);
                var dhPrevRows = dhNext.AsMemory(b0 * P, rows * P);
                for (int b = b0; b < b0 + rows; b++)
                    if (Active(s.Lengths, b, t)) TensorPrimitives.Add(dhNow.AsSpan(b * P, P), gOut.AsSpan((t * B + b) * P, P), dhNow.AsSpan(b * P, P));
                var dhCellRows = proj ? dhCell.AsMemory(b0 * H, rows * H) : dhRows;
                if (proj)
                {
                    dhRows.Span.CopyTo(dP.AsSpan(((t - t0) * B + b0) * P, rows * P));
                    PackedGemm.Multiply(rows, H, P, dhRows.Span, P, packedWhr.Span, 0f, dhCellRows.Span, H, threads);
                }
                var dcRows = cell ? dcNow.AsMemory(b0 * H, rows * H) : default;
                var dcPrevRows = cell ? dcNext.AsMemory(b0 * H, rows * H) : default;
                var saved = s.Gates.AsMemory((t * B + b0) * S, rows * S);
                var hPrev = s.Hs.AsMemory((inSlot * B + b0) * P, rows * P);
                var hNext = s.Hs.AsMemory((outSlot * B + b0) * P, rows * P);
                var cPrev = cell ? s.Cs.AsMemory((inSlot * B + b0) * H, rows * H) : default;
                var cNext = cell ? s.Cs.AsMemory((outSlot * B + b0) * H, rows * H) : default;
                if (parts == 1)
                    kernel.BackwardRows(rows, H, dhCellRows, dcRows, saved, hPrev, cPrev, cNext, hNext, dGxT, dGhT, dcPrevRows, dhPrevRows);
                else
                    kernel.Backward(rows, H, dhCellRows.Span, dcRows.Span, saved.Span, hPrev.Span, cPrev.Span, cNext.Span, hNext.Span,
                        dGxT.Span, dGhT.Span, dcPrevRows.Span, dhPrevRows.Span);
                if (s.Lengths is not null)
                    for (int r = 0; r < rows; r++)
                        if (!Active(s.Lengths, b0 + r, t))
                        {
                            // The step left this row's state unchanged: its gradient passes straight through.
                            dGxT.Span.Slice(r * G, G).Clear();
                            dGhT.Span.Slice(r * G, G).Clear();
                            if (proj) dP.AsSpan(((t - t0) * B + b0 + r) * P, P).Clear();
                            dhRows.Span.Slice(r * P, P).CopyTo(dhPrevRows.Span.Slice(r * P, P));
                            if (cell) dcRows.Span.Slice(r * H, H).CopyTo(dcPrevRows.Span.Slice(r * H, H));
                        }
                PackedGemm.Multiply(rows, P, G, dGhT.Span, G, packedWhh.Span, 1f, dhPrevRows.Span, P, threads);
                (dhNow, dhNext) = (dhNext, dhNow);
                (dcNow, dcNext) = (dcNext, dcNow);
            }
        }
    }

    static bool Active(int[]? lengths, int b, int t) => lengths is null || t < lengths[b];

    // Adds the column sums of a (rows × cols) matrix to sum, each column's rows in order; blocks of columns go to
    // different threads, which leaves every sum's bits as on one thread.
    static void AddColumnSums(float[] m, int rows, int cols, float[] sum)
    {
        var work = new ColumnSum(m, rows, cols, sum);
        int blocks = (cols + ColumnBlock - 1) / ColumnBlock;
        BatchRows.RunInParts(ref work, blocks, (long)rows * cols < 1 << 16 ? 1 : Math.Min(Parallelism.MaxThreads, blocks));
    }

    const int ColumnBlock = 64;

    readonly struct ColumnSum(float[] m, int rows, int cols, float[] sum) : IRowWork
    {
        public void Execute(int block0, int blocks)
        {
            int c0 = block0 * ColumnBlock, width = Math.Min(blocks * ColumnBlock, cols - c0);
            var target = sum.AsSpan(c0, width);
            for (int r = 0; r < rows; r++) TensorPrimitives.Add(target, m.AsSpan(r * cols + c0, width), target);
        }
    }
}
