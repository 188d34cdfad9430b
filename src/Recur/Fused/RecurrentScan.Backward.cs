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
        float[] X, float[] Wih, float[] Whh, float[]? Whr, float[] Hs, float[] Cs, float[] HFull, float[] Gates);

    static void Backward(Saved s, ReadOnlySpan<float> grad, Tensor x, Tensor h0, Tensor? c0, RecurrentWeights w)
    {
        var kernel = s.Kernel;
        int T = s.T, B = s.B, I = s.I, H = s.H, P = s.P, G = kernel.Gates * H, S = kernel.SavedGates * H;
        bool proj = s.Whr is not null, cell = kernel.HasCellState, reverse = s.Reverse;
        int outputSize = T * B * P;
        var gOut = grad[..outputSize];

        var dh = grad.Slice(outputSize, B * P).ToArray();
        var dc = cell ? grad.Slice(outputSize + B * P, B * H).ToArray() : [];
        var pool = GradientBufferPool.Current;
        var dhPrev = pool.Rent(B * P);
        var dcPrev = cell ? pool.Rent(B * H) : [];
        var dGx = pool.Rent(T * B * G);
        var dGh = kernel.SeparateHiddenGradient ? pool.Rent(T * B * G) : dGx;
        var dhCell = proj ? pool.Rent(B * H) : dh;
        var dP = proj ? pool.Rent(T * B * P) : [];

        var packedWhh = PackedGemm.Allocate(P, G);
        PackedGemm.Pack(false, P, G, s.Whh, P, packedWhh.Span);
        var packedWhr = proj ? PackedGemm.Allocate(H, P) : default;
        if (proj) PackedGemm.Pack(false, H, P, s.Whr!, H, packedWhr.Span);

        for (int step = 0; step < T; step++)
        {
            int t = reverse ? step : T - 1 - step, inSlot = reverse ? t + 1 : t, outSlot = reverse ? t : t + 1;
            var dGxT = dGx.AsMemory(t * B * G, B * G);
            var dGhT = dGh.AsMemory(t * B * G, B * G);
            for (int b = 0; b < B; b++)
                if (Active(s.Lengths, b, t)) TensorPrimitives.Add(dh.AsSpan(b * P, P), gOut.Slice((t * B + b) * P, P), dh.AsSpan(b * P, P));
            if (proj)
            {
                dh.CopyTo(dP.AsSpan(t * B * P, B * P));
                PackedGemm.Multiply(B, H, P, dh, P, packedWhr.Span, 0f, dhCell, H);
            }
            kernel.BackwardRows(B, H, dhCell, cell ? dc : default, s.Gates.AsMemory(t * B * S, B * S),
                s.Hs.AsMemory(inSlot * B * P, B * P), cell ? s.Cs.AsMemory(inSlot * B * H, B * H) : default,
                cell ? s.Cs.AsMemory(outSlot * B * H, B * H) : default, s.Hs.AsMemory(outSlot * B * P, B * P),
                dGxT, dGhT, dcPrev, dhPrev);
            if (s.Lengths is not null)
                for (int b = 0; b < B; b++)
                    if (!Active(s.Lengths, b, t))
                    {
                        // The step left this row's state unchanged: its gradient passes straight through.
                        dGxT.Span.Slice(b * G, G).Clear();
                        dGhT.Span.Slice(b * G, G).Clear();
                        if (proj) dP.AsSpan((t * B + b) * P, P).Clear();
                        dh.AsSpan(b * P, P).CopyTo(dhPrev.AsSpan(b * P, P));
                        if (cell) dc.AsSpan(b * H, H).CopyTo(dcPrev.AsSpan(b * H, H));
                    }
            PackedGemm.Multiply(B, P, G, dGhT.Span, G, packedWhh.Span, 1f, dhPrev, P);
            (dh, dhPrev) = (dhPrev, dh);
            (dc, dcPrev) = (dcPrev, dc);
            if (!proj) dhCell = dh;
        }

        // Every gradient below is a fresh buffer handed over (owned): adopted as the input's gradient, or added to
        // it and recycled, never copied.
        int rows = T * B;
        if (x.RequiresGrad)
        {
            var dX = pool.Rent(rows * I);
            Gemm.Multiply(false, false, rows, I, G, 1f, dGx, G, s.Wih, I, 0f, dX, I);
            x.AccumulateGrad(new Tensor(dX, x.Shape.ToArray()), owned: true);
        }
        h0.AccumulateGrad(new Tensor(dh, [B, P]), owned: true);
        if (cell) c0?.AccumulateGrad(new Tensor(dc, [B, H]), owned: true);

        var dWih = pool.Rent(G * I);
        Gemm.Multiply(true, false, G, I, rows, 1f, dGx, G, s.X, I, 0f, dWih, I);
        w.InputWeight.AccumulateGrad(new Tensor(dWih, [G, I]), owned: true);
        var dWhh = pool.Rent(G * P);
        Gemm.Multiply(true, false, G, P, rows, 1f, dGh, G, s.Hs.AsSpan((reverse ? 1 : 0) * B * P, rows * P), P, 0f, dWhh, P);
        w.HiddenWeight.AccumulateGrad(new Tensor(dWhh, [G, P]), owned: true);
        if (proj)
        {
            var dWhr = pool.Rent(P * H);
            Gemm.Multiply(true, false, P, H, rows, 1f, dP, P, s.HFull, H, 0f, dWhr, H);
            w.ProjectionWeight!.AccumulateGrad(new Tensor(dWhr, [P, H]), owned: true);
        }
        if (w.InputBias is not null) w.InputBias.AccumulateGrad(new Tensor(ColumnSums(dGx, rows, G), [G]), owned: true);
        if (w.HiddenBias is not null) w.HiddenBias.AccumulateGrad(new Tensor(ColumnSums(dGh, rows, G), [G]), owned: true);
        Return(pool, dhPrev, dcPrev, dGx, dGh == dGx ? [] : dGh, proj ? dhCell : [], dP);
    }

    static bool Active(int[]? lengths, int b, int t) => lengths is null || t < lengths[b];

    static float[] ColumnSums(float[] m, int rows, int cols)
    {
        var sum = new float[cols];
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(sum, m.AsSpan(r * cols, cols), sum);
        return sum;
    }
}
