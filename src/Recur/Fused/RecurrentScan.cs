using System.Numerics.Tensors;
using Recur.Kernels;
using Recur.Kernels.Recurrent;
using Recur.Recurrent;

namespace Recur.Fused;

/// <summary>
/// One (layer, direction) of an RNN/LSTM/GRU over a whole sequence as a single autograd node, organised as cuDNN
/// does on GPU (Appleyard et al. 2016): weights packed once per call; each step is an input-projection GEMM (or one
/// per chunk of steps), one recurrent GEMM and one fused gate kernel; backward walks time in reverse with one GEMM
/// per step for dh_{t−1}, and forms dW_ih, dW_hh, dW_hr and dX as single GEMMs over the whole sequence afterwards.
/// The time loops run on several threads at once, each over its own batch rows (<see cref="RowParts"/>).
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
        var X = ContiguousMemory(x);
        var Wih = Contiguous(w.InputWeight); var Whh = Contiguous(w.HiddenWeight);
        var Whr = proj ? Contiguous(w.ProjectionWeight!) : null;
        var bhh = w.HiddenBias is null ? [] : Contiguous(w.HiddenBias);

        // Rows of the batch never meet inside a layer, so each thread runs the whole time loop for its own rows
        // (RowParts): no hand-off between threads at any step, and every step's gate kernel runs on the core that
        // just computed its pre-activations. With one part, each step's GEMM splits its columns between threads
        // instead, and the input projections run in chunks of time steps just before the steps that read them,
        // where the chunk is still in the last-level cache (one GEMM over a long sequence sends every step to DRAM).
        var pool = GradientBufferPool.Current;
        var bih = w.InputBias is null ? null : Contiguous(w.InputBias);
        int parts = RowParts(B), chunk = parts > 1 ? 1 : EvenChunk(T, ProjectionChunkFloats / (B * G));
        var inputs = new List<Tensor> { x, h0 };
        if (cell && c0 is not null) inputs.Add(c0);
        inputs.AddRange(w.All());
        // Without a graph to record (inference) the gate activations are not kept at all.
        bool recording = Tensor.IsGradEnabled && inputs.Exists(t => t.RequiresGrad);
        bool savesOverGx = recording && kernel.SavesOverInputGates;
        // States live in T+1 slots: forward reads slot t and writes t+1, reverse reads t+1 and writes t, so the
        // states entering steps 0..T−1 are always one contiguous (T·B, P) block in time order (for dW_hh). In
        // inference without lengths the slots are the result itself: the output and h_n are views of them (h_n is
        // the last output), where copying them out cost a pass over the whole output.
        bool direct = !recording && lengths is null;
        var hs = direct ? GC.AllocateUninitializedArray<float>((T + 1) * B * P + (cell ? B * H : 0)) : pool.Rent((T + 1) * B * P);
        var cs = cell ? pool.Rent((T + 1) * B * H) : [];
        var hFull = proj ? pool.Rent(T * B * H) : [];
        var gx = pool.Rent((savesOverGx ? T : chunk) * B * G);
        var saved = savesOverGx ? gx : recording ? pool.Rent(T * B * S) : [];
        var gh = pool.Rent(B * G);
        // The weights are packed once for the whole sequence, not at every step's GEMM.
        var packedWih = PackedGemm.Rent(G, I);
        PackedGemm.Pack(true, G, I, Wih, I, packedWih.Span);
        var packedWhh = PackedGemm.Rent(G, P);
        PackedGemm.Pack(true, G, P, Whh, P, packedWhh.Span);
        var packedWhr = proj ? PackedGemm.Rent(P, H) : default;
        if (proj) PackedGemm.Pack(true, P, H, Whr!, H, packedWhr.Span);
        int first = reverse ? T : 0, last = reverse ? 0 : T;
        Contiguous(h0).CopyTo(hs.AsSpan(first * B * P));
        if (cell && c0 is not null) Contiguous(c0).CopyTo(cs.AsSpan(first * B * H));
        else if (cell) cs.AsSpan(first * B * H, B * H).Clear();

        var scan = new ForwardScan(kernel, T, B, I, H, P, reverse, lengths, parts, chunk, recording, savesOverGx,
            X, bih ?? [], bhh, packedWih, packedWhh, packedWhr, hs, cs, hFull, gx, gh, saved);
        BatchRows.RunInParts(ref scan, B, parts);
        PackedGemm.Return(packedWih);
        PackedGemm.Return(packedWhh);
        if (proj) PackedGemm.Return(packedWhr);

        // Packed result: output (T, B, P), then h_n (B, P), then c_n (B, H); in direct mode the T + 1 state slots,
        // then c_n.
        int outputSize = T * B * P, outputAt = 0, hnAt = outputSize, cnAt = outputSize + B * P;
        float[] packed;
        if (direct)
        {
            (packed, outputAt, hnAt, cnAt) = (hs, (reverse ? 0 : 1) * B * P, last * B * P, (T + 1) * B * P);
        }
        else
        {
            packed = GC.AllocateUninitializedArray<float>(outputSize + B * P + (cell ? B * H : 0));
            hs.AsSpan((reverse ? 0 : 1) * B * P, outputSize).CopyTo(packed);
            if (lengths is not null)
                for (int t = 0; t < T; t++)
                    for (int b = 0; b < B; b++)
                        if (t >= lengths[b]) packed.AsSpan((t * B + b) * P, P).Clear();
            hs.AsSpan(last * B * P, B * P).CopyTo(packed.AsSpan(hnAt));
        }
        if (cell) cs.AsSpan(last * B * H, B * H).CopyTo(packed.AsSpan(cnAt));
        pool.Return(gh);
        if (saved != gx) pool.Return(gx);
        if (!recording) Return(pool, direct ? [] : hs, cs, hFull, saved);

        var result = Tensor.Record(new Tensor(packed, [packed.Length]), kernel.Name + "Backward", inputs.ToArray(), grad =>
        {
            var scan = new Saved(kernel, T, B, I, H, P, reverse, lengths, X, Wih, Whh, Whr, hs, cs, hFull, saved);
            Backward(scan, Contiguous(grad), x, h0, c0, w);
            // The graph is released after backward, so nothing reads the saved buffers again.
            Return(GradientBufferPool.Current, hs, cs, hFull, saved);
        });

        // Backward reads x and the weights from the arrays above, which are their storage when contiguous.
        result.SaveForBackward([.. inputs]);
        var output = PackedOutputs.View(result, outputAt, [T, B, P]);
        var hn = PackedOutputs.View(result, hnAt, [B, P]);
        var cn = cell ? PackedOutputs.View(result, cnAt, [B, H]) : null;
        return new ScanResult(output, hn, cn, result);
    }

    /// <summary>
    /// The time loop over batch rows [b0, b0 + rows): each step's input projection (one GEMM per
    /// chunk of steps), recurrent GEMM and gate kernel. A part touches only its own rows of every buffer.
    /// </summary>
    readonly struct ForwardScan(GateKernel kernel, int T, int B, int I, int H, int P, bool reverse, int[]? lengths,
        int parts, int chunk, bool recording, bool savesOverGx, ReadOnlyMemory<float> X, float[] bih, float[] bhh,
        Memory<float> packedWih, Memory<float> packedWhh, Memory<float> packedWhr,
        float[] hs, float[] cs, float[] hFull, float[] gx, float[] gh, float[] saved) : IRowWork
    {
        public void Execute(int b0, int rows)
        {
            // One part: the GEMMs may split their columns and the gate kernel its rows between threads. Several:
            // each part already has its own core.
            int threads = parts == 1 ? 0 : 1;
            int G = kernel.Gates * H, S = kernel.SavedGates * H;
            bool proj = !packedWhr.IsEmpty, cell = kernel.HasCellState;
            int chunkStart = 0;
            for (int step = 0; step < T; step++)
            {
                int t = reverse ? T - 1 - step : step, inSlot = reverse ? t + 1 : t, outSlot = reverse ? t : t + 1;
                if (step % chunk == 0)
                {
                    // A chunk of several steps only when one part holds the whole batch, so its rows are adjacent.
                    int n = Math.Min(chunk, T - step);
                    chunkStart = reverse ? t - n + 1 : t;
                    var dst = gx.AsSpan(GateOffset(chunkStart, chunkStart, b0), n * rows * G);
                    if (bih.Length > 0)
                        for (int r = 0; r < n * rows; r++) bih.CopyTo(dst.Slice(r * G, G));
                    PackedGemm.Multiply(n * rows, G, I, X.Span.Slice((chunkStart * B + b0) * I, n * rows * I), I, packedWih.Span,
                        bih.Length > 0 ? 1f : 0f, dst, G, threads);
                }
                var hPrev = hs.AsMemory((inSlot * B + b0) * P, rows * P);
                var hNext = hs.AsMemory((outSlot * B + b0) * P, rows * P);
                var cPrev = cell ? cs.AsMemory((inSlot * B + b0) * H, rows * H) : default;
                var cNext = cell ? cs.AsMemory((outSlot * B + b0) * H, rows * H) : default;
                var gates = gh.AsMemory(b0 * G, rows * G);
                PackedGemm.Multiply(rows, G, P, hPrev.Span, P, packedWhh.Span, 0f, gates.Span, G, threads);
                var hCell = proj ? hFull.AsMemory((t * B + b0) * H, rows * H) : hNext;
                var inputGates = gx.AsMemory(GateOffset(t, chunkStart, b0), rows * G);
                var savedRows = recording ? saved.AsMemory((t * B + b0) * S, rows * S) : default;
                if (parts == 1)
                    kernel.ForwardRows(rows, H, inputGates, gates, bhh, hPrev, cPrev, savedRows, cNext, hCell);
                else
                    kernel.Forward(rows, H, inputGates.Span, gates.Span, bhh, hPrev.Span, cPrev.Span, savedRows.Span, cNext.Span, hCell.Span);
                if (proj) PackedGemm.Multiply(rows, P, H, hCell.Span, H, packedWhr.Span, 0f, hNext.Span, P, threads);
                if (lengths is not null)
                    for (int b = 0; b < rows; b++)
                        if (t >= lengths[b0 + b])
                        {
                            hPrev.Span.Slice(b * P, P).CopyTo(hNext.Span.Slice(b * P, P));
                            if (cell) cPrev.Span.Slice(b * H, H).CopyTo(cNext.Span.Slice(b * H, H));
                        }
            }
        }

        // Where row b0 of step t's input gates starts: in the whole-sequence buffer when they are kept for backward,
        // else in the chunk buffer, which starts at step chunkStart.
        int GateOffset(int t, int chunkStart, int b0) => ((savesOverGx ? t : t - chunkStart) * B + b0) * kernel.Gates * H;
    }

    /// <summary>
    /// How many threads a batch of <paramref name="batch"/> rows is split between: each part keeps at least
    /// <see cref="MinRowsPerPart"/> rows, enough for the GEMM micro-kernel (six rows) to run near its peak.
    /// </summary>
    internal static int RowParts(int batch) => Math.Max(1, Math.Min(Parallelism.MaxThreads, batch / MinRowsPerPart));

    internal const int MinRowsPerPart = 8;

    /// <summary>
    /// Floats of input projections computed at once when one part holds the whole batch: 4 MiB, a share of the
    /// last-level cache that a GEMM of this size still runs at full speed. Any value gives the same bits (each product
    /// row is computed the same way whatever rows share its GEMM); tests lower it to cross chunk boundaries.
    /// </summary>
    internal static int ProjectionChunkFloats => chunkFloats.Value.Projection is > 0 and var n ? n : 1 << 20;

    /// <summary>
    /// Floats of gate gradients the backward walk produces before multiplying them into the weight gradients: 4 MiB,
    /// as <see cref="ProjectionChunkFloats"/>. The value changes the order of the weight gradients' sums, nothing else.
    /// </summary>
    internal static int GradientChunkFloats => chunkFloats.Value.Gradient is > 0 and var n ? n : 1 << 20;

    // Steps per chunk: at most maxSteps (at least 1), in chunks of equal length, so that no chunk is a sliver (64 steps
    // at most 21 each: 16, not 21 + 21 + 21 + 1).
    static int EvenChunk(int T, int maxSteps)
    {
        int chunks = (T + Math.Max(1, maxSteps) - 1) / Math.Max(1, maxSteps);
        return Math.Max(1, (T + chunks - 1) / Math.Max(1, chunks));
    }

    /// <summary>For tests: other chunk sizes (0: the default) on this thread and in the flow it starts, until disposed.</summary>
    internal static IDisposable ChunkSizes(int projectionFloats, int gradientFloats)
    {
        var previous = chunkFloats.Value;
        chunkFloats.Value = (projectionFloats, gradientFloats);
        return new ChunkScope(previous);
    }

    static readonly AsyncLocal<(int Projection, int Gradient)> chunkFloats = new();

    sealed class ChunkScope((int, int) previous) : IDisposable
    {
        public void Dispose() => chunkFloats.Value = previous;
    }

    /// <summary>The output (T, B, P) and final states, views of one flat node.</summary>
    public sealed record ScanResult(Tensor Output, Tensor H, Tensor? C, Tensor Node)
    {
        /// <summary>
        /// The output, h_n and c_n end to end, as one flat tensor (for gradient checks): the node itself, except in
        /// inference without lengths, where the node holds the state slots and this is a copy in that order.
        /// </summary>
        public Tensor Packed => Output.Offset == 0 && H.Offset == Output.Count ? Node
            : Tensor.Concat(C is null ? [Output.Flatten(), H.Flatten()] : [Output.Flatten(), H.Flatten(), C.Flatten()]);
    }

    static void Return(GradientBufferPool pool, params ReadOnlySpan<float[]> buffers)
    {
        foreach (var buffer in buffers) pool.Return(buffer);
    }

    static float[] Contiguous(Tensor t) => t.IsContiguous && t.Offset == 0 && t.Storage.Length == t.Count ? t.Storage : t.ToArray();

    // The input as it lies in its storage when contiguous: a layer's input is usually the view of the layer below's
    // result, which a copy would cost a pass over.
    static ReadOnlyMemory<float> ContiguousMemory(Tensor t) => t.IsContiguous ? t.Storage.AsMemory(t.Offset, t.Count) : t.ToArray();
}
