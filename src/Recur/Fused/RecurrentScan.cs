using System.Numerics.Tensors;
using Recur.Kernels;
using Recur.Kernels.Recurrent;
using Recur.Recurrent;

namespace Recur.Fused;

/// <summary>
/// One (layer, direction) of an RNN/LSTM/GRU over a whole sequence as a single autograd node, organised as cuDNN
/// does on GPU (Appleyard et al. 2016): the input projection of all T·B rows is one GEMM before the loop; each step
/// is one recurrent GEMM plus one fused gate kernel; backward walks time in reverse with one GEMM per step for
/// dh_{t−1}, and forms dW_ih, dW_hh, dW_hr and dX as single GEMMs over the whole sequence afterwards.
/// Shapes: x (T, B, I); h0 (B, P); c0 (B, H); output (T, B, P); G = gates·H; P = H, or proj_size for an LSTM with
/// a projection. The reverse direction walks t = T−1 … 0. With lengths, row b is active at time t iff t &lt; len[b]:
/// inactive steps keep the state, output zeros and pass no gradient, which is what PyTorch's packed sequences give.
/// Working buffers come from the per-thread <see cref="GradientBufferPool"/> and go back to it once the forward
/// (inference) or the backward (training) is done, so repeated calls reuse warm memory; nothing is allocated inside
/// the time loop.
/// </summary>
internal static partial class RecurrentScan
{
    public static ScanResult Run(GateKernel kernel, Tensor x, Tensor h0, Tensor? c0,
        RecurrentWeights w, int[]? lengths, bool reverse)
    {
        int T = x.Size(0), B = x.Size(1), I = x.Size(2), P = w.OutputSize;
        int H = w.ProjectionWeight?.Size(1) ?? P, G = kernel.Gates * H, S = kernel.SavedGates * H;
        bool proj = w.ProjectionWeight is not null, cell = kernel.HasCellState;
        lengths = (int[]?)lengths?.Clone(); // read again by backward: later edits by the caller must not leak in
        var X = Contiguous(x);
        var Wih = Contiguous(w.InputWeight); var Whh = Contiguous(w.HiddenWeight);
        var Whr = proj ? Contiguous(w.ProjectionWeight!) : null;
        var bhh = w.HiddenBias is null ? [] : Contiguous(w.HiddenBias);

        // (T·B, G) input projections, with b_ih, as a few large GEMMs over chunks of time steps, each computed just
        // before the steps that read it: the chunk is still in the last-level cache when its gate kernels read it,
        // where one GEMM over a long sequence (39 MB for a 64 × 100 GRU batch) would send every step to DRAM.
        var pool = GradientBufferPool.Current;
        var gx = pool.Rent(T * B * G);
        var bih = w.InputBias is null ? null : Contiguous(w.InputBias);
        int chunk = Math.Max(1, ProjectionChunkFloats / (B * G));

        // States live in T+1 slots: forward reads slot t and writes t+1, reverse reads t+1 and writes t, so the
        // states entering steps 0..T−1 are always one contiguous (T·B, P) block in time order (for dW_hh).
        var hs = pool.Rent((T + 1) * B * P);
        var cs = cell ? pool.Rent((T + 1) * B * H) : [];
        var hFull = proj ? pool.Rent(T * B * H) : [];
        var inputs = new List<Tensor> { x, h0 };
        if (cell && c0 is not null) inputs.Add(c0);
        inputs.AddRange(w.All());
        // Without a graph to record (inference) one step's gate activations are kept, not T of them.
        bool recording = Tensor.IsGradEnabled && inputs.Exists(t => t.RequiresGrad);
        var saved = recording && kernel.SavesOverInputGates ? gx : pool.Rent((recording ? T : 1) * B * S);
        var gh = pool.Rent(B * G);
        // W_hh (and W_hr) are packed once for the whole sequence, not at every step's GEMM.
        var packedWhh = PackedGemm.Allocate(G, P);
        PackedGemm.Pack(true, G, P, Whh, P, packedWhh.Span);
        var packedWhr = proj ? PackedGemm.Allocate(P, H) : default;
        if (proj) PackedGemm.Pack(true, P, H, Whr!, H, packedWhr.Span);
        int first = reverse ? T : 0, last = reverse ? 0 : T;
        Contiguous(h0).CopyTo(hs.AsSpan(first * B * P));
        if (cell && c0 is not null) Contiguous(c0).CopyTo(cs.AsSpan(first * B * H));
        else if (cell) cs.AsSpan(first * B * H, B * H).Clear();

        for (int step = 0; step < T; step++)
        {
            int t = reverse ? T - 1 - step : step, inSlot = reverse ? t + 1 : t, outSlot = reverse ? t : t + 1;
            if (step % chunk == 0)
            {
                int n = Math.Min(chunk, T - step), t0 = reverse ? t - n + 1 : t;
                var rows = gx.AsSpan(t0 * B * G, n * B * G);
                if (bih is not null) for (int r = 0; r < n * B; r++) bih.CopyTo(rows.Slice(r * G, G));
                Gemm.Multiply(false, true, n * B, G, I, 1f, X.AsSpan(t0 * B * I, n * B * I), I, Wih, I, bih is null ? 0f : 1f, rows, G);
            }
            var hPrev = hs.AsMemory(inSlot * B * P, B * P);
            var hNext = hs.AsMemory(outSlot * B * P, B * P);
            var cPrev = cell ? cs.AsMemory(inSlot * B * H, B * H) : default;
            var cNext = cell ? cs.AsMemory(outSlot * B * H, B * H) : default;
            PackedGemm.Multiply(B, G, P, hPrev.Span, P, packedWhh.Span, 0f, gh, G);
            var hCell = proj ? hFull.AsMemory(t * B * H, B * H) : hNext;
            kernel.ForwardRows(B, H, gx.AsMemory(t * B * G, B * G), gh, bhh, hPrev, cPrev, saved.AsMemory(recording ? t * B * S : 0, B * S), cNext, hCell);
            if (proj) PackedGemm.Multiply(B, P, H, hCell.Span, H, packedWhr.Span, 0f, hNext.Span, P);
            if (lengths is not null)
                for (int b = 0; b < B; b++)
                    if (t >= lengths[b])
                    {
                        hPrev.Slice(b * P, P).CopyTo(hNext.Slice(b * P, P));
                        if (cell) cPrev.Slice(b * H, H).CopyTo(cNext.Slice(b * H, H));
                    }
        }

        // Packed result: output (T, B, P), then h_n (B, P), then c_n (B, H).
        int outputSize = T * B * P;
        var packed = new float[outputSize + B * P + (cell ? B * H : 0)];
        hs.AsSpan((reverse ? 0 : 1) * B * P, outputSize).CopyTo(packed);
        if (lengths is not null)
            for (int t = 0; t < T; t++)
                for (int b = 0; b < B; b++)
                    if (t >= lengths[b]) packed.AsSpan((t * B + b) * P, P).Clear();
        hs.AsSpan(last * B * P, B * P).CopyTo(packed.AsSpan(outputSize));
        if (cell) cs.AsSpan(last * B * H, B * H).CopyTo(packed.AsSpan(outputSize + B * P));
        pool.Return(gh);
        if (saved != gx) pool.Return(gx);
        if (!recording) Return(pool, hs, cs, hFull, saved);

        var result = Tensor.Record(new Tensor(packed, [packed.Length]), kernel.Name + "Backward", inputs.ToArray(), grad =>
        {
            var scan = new Saved(kernel, T, B, I, H, P, reverse, lengths, X, Wih, Whh, Whr, hs, cs, hFull, saved);
            Backward(scan, grad.AsSpan(), x, h0, c0, w);
            // The graph is released after backward, so nothing reads the saved buffers again.
            Return(GradientBufferPool.Current, hs, cs, hFull, saved);
        });

        // Backward reads x and the weights from the arrays above, which are their storage when contiguous.
        result.SaveForBackward([.. inputs]);
        var output = PackedOutputs.View(result, 0, [T, B, P]);
        var hn = PackedOutputs.View(result, outputSize, [B, P]);
        var cn = cell ? PackedOutputs.View(result, outputSize + B * P, [B, H]) : null;
        return new ScanResult(output, hn, cn, result);
    }

    /// <summary>
    /// Floats of input projections computed at once: 4 MiB, a share of the last-level cache that a GEMM of this size
    /// still runs at full speed. Any value gives the same bits (each product row is computed the same way whatever
    /// rows share its GEMM); tests lower it to cross chunk boundaries.
    /// </summary>
    internal static int ProjectionChunkFloats { get; set; } = 1 << 20;

    /// <summary>The output (T, B, P), final states, and the flat node they are views of (for gradient checks).</summary>
    public sealed record ScanResult(Tensor Output, Tensor H, Tensor? C, Tensor Packed);

    static void Return(GradientBufferPool pool, params ReadOnlySpan<float[]> buffers)
    {
        foreach (var buffer in buffers) pool.Return(buffer);
    }

    static float[] Contiguous(Tensor t) => t.IsContiguous && t.Offset == 0 && t.Storage.Length == t.Count ? t.Storage : t.ToArray();
}
