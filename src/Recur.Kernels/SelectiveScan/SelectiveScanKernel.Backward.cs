using System.Buffers;
using System.Runtime.Intrinsics;
using Recur.Kernels.Recurrent;

namespace Recur.Kernels.SelectiveScan;

public static partial class SelectiveScanKernel
{
    /// <summary>
    /// Adds the gradients of L into <paramref name="g"/> given ∂L/∂y (T, B, D) and ∂L/∂(last state) (B, D, N; empty
    /// for zeros), from the inputs and Forward's <paramref name="checkpoints"/>.
    /// </summary>
    public static unsafe void Backward(SelectiveScanProblem p, SelectiveScanInputs x, ReadOnlySpan<float> checkpoints,
        ReadOnlySpan<float> dy, ReadOnlySpan<float> dLastState, SelectiveScanGradients g)
    {
        x.Check(p);
        g.Check(p);
        SelectiveScanInputs.Expect("checkpoints", checkpoints.Length, p.CheckpointLength);
        SelectiveScanInputs.Expect("dy", dy.Length, (long)p.Time * p.Batch * p.Channels);
        if (!dLastState.IsEmpty) SelectiveScanInputs.Expect("dlast state", dLastState.Length, (long)p.Batch * p.Channels * p.States);
        int blocks = Blocks(p), B = p.Batch, D = p.Channels, N = p.States;
        // Channel groups per row: one unless rows are fewer than threads. Groups of one row write their own copy of
        // dB and dC, and every row its own dA, dD and d bias; the copies are summed after the parallel run.
        int groups = B >= Parallelism.MaxThreads ? 1 : Math.Min(blocks, (Parallelism.MaxThreads + B - 1) / Math.Max(B, 1));
        long tbn = (long)p.Time * B * N;
        float[] rowsB = groups > 1 && !g.B.IsEmpty ? new float[groups * tbn] : [], rowsC = groups > 1 && !g.C.IsEmpty ? new float[groups * tbn] : [];
        float[] perRowA = g.A.IsEmpty ? [] : new float[(long)B * D * N], perRowSkip = g.Skip.IsEmpty ? [] : new float[B * D],
            perRowBias = g.DeltaBias.IsEmpty ? [] : new float[B * D];
        fixed (float* u = x.U, delta = x.Delta, a = x.A, bm = x.B, cm = x.C, skip = x.Skip, gate = x.Gate, bias = x.DeltaBias, h0 = x.InitialState)
        fixed (float* saved = checkpoints, gy = dy, gLast = dLastState)
        fixed (float* du = g.U, dDelta = g.Delta, dB = groups > 1 ? rowsB : g.B, dC = groups > 1 ? rowsC : g.C, dz = g.Gate, dh0 = g.InitialState)
        fixed (float* dA = perRowA, dSkip = perRowSkip, dBias = perRowBias)
        {
            var o = new Operands(p, u, delta, a, bm, cm, skip, gate, bias, h0);
            var work = new BackwardWork(o, groups, saved, gy, gLast, du, dDelta, dB, dC, dz, dh0, dA, dSkip, dBias);
            Run(ref work, p, B * groups);
        }
        for (int k = 0; groups > 1 && k < groups; k++)
        {
            if (!g.B.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(g.B, rowsB.AsSpan((int)(k * tbn), (int)tbn), g.B);
            if (!g.C.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(g.C, rowsC.AsSpan((int)(k * tbn), (int)tbn), g.C);
        }
        for (int b = 0; b < B; b++)
        {
            if (!g.A.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(g.A, perRowA.AsSpan(b * D * N, D * N), g.A);
            if (!g.Skip.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(g.Skip, perRowSkip.AsSpan(b * D, D), g.Skip);
            if (!g.DeltaBias.IsEmpty) System.Numerics.Tensors.TensorPrimitives.Add(g.DeltaBias, perRowBias.AsSpan(b * D, D), g.DeltaBias);
        }
    }

    /// <summary>
    /// One batch row and channel group: for each block, chunks from last to first, recompute the chunk's Δ, decays
    /// and states from the saved state, then step back through it. The carried ∂L/∂h holds exp(Δ_{t+1}A)·∂L/∂h_{t+1};
    /// adding C_t·∂L/∂y_t gives ∂L/∂h_t, from which ∂L/∂(Δ_t·A) = ∂L/∂h_t ⊙ h_{t−1} ⊙ exp(Δ_t·A) and the input term's
    /// ∂L/∂(Δ_t·u_t·B_t) = ∂L/∂h_t give the rest.
    /// </summary>
    unsafe readonly struct BackwardWork(Operands o, int groups, float* saved, float* gy, float* gLast, float* du, float* dDelta,
        float* dB, float* dC, float* dz, float* dh0, float* dA, float* dSkip, float* dBias) : IParallelWork
    {
        public void Execute(int part)
        {
            var p = o.P;
            int blocks = Blocks(p), b = part / groups, group = part % groups;
            int per = (blocks + groups - 1) / groups;
            long tbn = (long)p.Time * p.Batch * p.States;
            float* rowB = dB is null ? null : dB + group * tbn, rowC = dC is null ? null : dC + group * tbn;
            int K = p.ChunkLength, N = p.States, S = BlockChannels;
            var rented = ArrayPool<float>.Shared.Rent((2 * K + 4) * N * S + 2 * K * S + 12 * S + 2 * N * W);
            fixed (float* s = rented)
                for (int block = group * per; block < Math.Min(blocks, (group + 1) * per); block++)
                    Block(b, block, s, rowB, rowC);
            ArrayPool<float>.Shared.Return(rented);
        }

        void Block(int b, int block, float* s, float* rowB, float* rowC)
        {
            var p = o.P;
            int N = p.States, D = p.Channels, B = p.Batch, K = p.ChunkLength;
            var (d0, w, stride) = o.Block(block);
            int ns = N * stride;
            float* at = s, carry = at + ns, accA = carry + ns, hs = accA + ns, decays = hs + (K + 1) * ns, steps = decays + K * ns,
                slopes = steps + K * stride, uu = slopes + K * stride, zz = uu + stride, gg = zz + stride, skip = gg + stride,
                bias = skip + stride, accSkip = bias + stride, accBias = accSkip + stride, gu = accBias + stride, gd = gu + stride,
                gz = gd + stride, accB = gz + stride, accC = accB + N * W;
            o.LoadA(d0, w, stride, at);
            o.LoadChannels(d0, w, stride, skip, bias);
            new Span<float>(accA, ns).Clear();
            new Span<float>(accSkip, 2 * stride).Clear();
            new Span<float>(accB, 2 * N * W).Clear();
            new Span<float>(carry, ns).Clear();
            if (gLast is not null)
                for (int j = 0; j < w; j++)
                    for (int n = 0; n < N; n++) carry[n * stride + j] = gLast[((long)b * D + d0 + j) * N + n];
            for (int c = p.Chunks - 1; c >= 0; c--)
            {
                int t0 = c * K, t1 = Math.Min(p.Time, t0 + K);
                new Span<float>(hs, ns).Clear();
                for (int n = 0; n < N; n++)
                    new ReadOnlySpan<float>(saved + (((long)c * B + b) * N + n) * D + d0, w).CopyTo(new Span<float>(hs + n * stride, w));
                for (int t = t0; t < t1; t++) Recompute(b, t, t - t0, d0, w, stride, at, bias, hs, decays, steps, slopes, uu);
                for (int t = t1 - 1; t >= t0; t--)
                {
                    int i = t - t0;
                    long row = ((long)t * B + b) * D + d0, bn = ((long)t * B + b) * N;
                    Stage(o.U + row, w, stride, uu);
                    Stage(gy + row, w, stride, gg);
                    if (o.Gate is not null) Stage(o.Gate + row, w, stride, zz);
                    float* bt = o.B + bn, ct = o.C + bn, hNow = hs + (i + 1) * ns, hBefore = hs + i * ns, decay = decays + i * ns;
                    for (int v = 0; v < stride; v += W)
                    {
                        var step = Vector256.Load(steps + i * stride + v);
                        var input = Vector256.Load(uu + v);
                        var dOut = Vector256.Load(gg + v);
                        var skipV = Vector256.Load(skip + v);
                        if (o.Gate is not null)
                        {
                            var pre = skipV * input;
                            for (int n = 0; n < N; n++) pre += Vector256.Create(ct[n]) * Vector256.Load(hNow + n * stride + v);
                            var z = Vector256.Load(zz + v);
                            var sz = GateMath.Sigmoid(z);
                            Vector256.Store(dOut * pre * sz * (Vector256<float>.One + z * (Vector256<float>.One - sz)), gz + v);
                            dOut *= z * sz;
                        }
                        Vector256.Store(Vector256.Load(accSkip + v) + dOut * input, accSkip + v);
                        var dInput = dOut * skipV;
                        var dStep = Vector256<float>.Zero;
                        var drive = step * input;
                        for (int n = 0; n < N; n++)
                        {
                            int k = n * stride + v;
                            var bv = Vector256.Create(bt[n]);
                            var a = Vector256.Load(decay + k);
                            var dh = Vector256.Load(carry + k) + dOut * Vector256.Create(ct[n]);
                            Vector256.Store(Vector256.Load(accC + n * W) + dOut * Vector256.Load(hNow + k), accC + n * W);
                            var dExponent = dh * Vector256.Load(hBefore + k) * a;
                            Vector256.Store(Vector256.Load(accA + k) + dExponent * step, accA + k);
                            dStep += dExponent * Vector256.Load(at + k) + dh * bv * input;
                            Vector256.Store(Vector256.Load(accB + n * W) + dh * drive, accB + n * W);
                            dInput += dh * step * bv;
                            Vector256.Store(dh * a, carry + k);
                        }
                        var dRaw = dStep * Vector256.Load(slopes + i * stride + v);
                        Vector256.Store(Vector256.Load(accBias + v) + dRaw, accBias + v);
                        Vector256.Store(dInput, gu + v);
                        Vector256.Store(dRaw, gd + v);
                    }
                    AddRow(du, row, gu, w);
                    AddRow(dDelta, row, gd, w);
                    if (o.Gate is not null) AddRow(dz, row, gz, w);
                    for (int n = 0; n < N; n++)
                    {
                        if (rowB is not null) rowB[bn + n] += Vector256.Sum(Vector256.Load(accB + n * W));
                        if (rowC is not null) rowC[bn + n] += Vector256.Sum(Vector256.Load(accC + n * W));
                    }
                    new Span<float>(accB, 2 * N * W).Clear();
                }
            }
            for (int j = 0; j < w; j++)
            {
                long channel = (long)b * D + d0 + j;
                if (dA is not null)
                    for (int n = 0; n < N; n++) dA[channel * N + n] += accA[n * stride + j];
                if (dSkip is not null) dSkip[channel] += accSkip[j];
                if (dBias is not null) dBias[channel] += accBias[j];
                if (dh0 is not null)
                    for (int n = 0; n < N; n++) dh0[channel * N + n] += carry[n * stride + j];
            }
        }

        /// <summary>Step t (row i of the chunk): Δ, its slope, exp(Δ·A) and h_t from h_{t−1}.</summary>
        void Recompute(int b, int t, int i, int d0, int w, int stride, float* at, float* bias, float* hs, float* decays, float* steps, float* slopes, float* uu)
        {
            var p = o.P;
            int N = p.States, ns = N * stride;
            long row = ((long)t * p.Batch + b) * p.Channels + d0;
            float* step = steps + i * stride, bt = o.B + ((long)t * p.Batch + b) * N, hBefore = hs + i * ns, hNow = hBefore + ns, decay = decays + i * ns;
            o.StageStep(row, w, stride, bias, step, slopes + i * stride);
            Stage(o.U + row, w, stride, uu);
            for (int v = 0; v < stride; v += W)
            {
                var dt = Vector256.Load(step + v);
                var drive = dt * Vector256.Load(uu + v);
                for (int n = 0; n < N; n++)
                {
                    int k = n * stride + v;
                    var a = GateMath.Exp(dt * Vector256.Load(at + k));
                    Vector256.Store(a, decay + k);
                    Vector256.Store(a * Vector256.Load(hBefore + k) + drive * Vector256.Create(bt[n]), hNow + k);
                }
            }
        }

        static void AddRow(float* destination, long row, float* values, int w)
        {
            if (destination is null) return;
            for (int j = 0; j < w; j++) destination[row + j] += values[j];
        }
    }
}
