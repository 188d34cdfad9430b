using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Recur.Kernels.Recurrent;

namespace Recur.Kernels.SelectiveScan;

/// <summary>
/// The selective scan of <see cref="SelectiveScanReference"/> (Gu &amp; Dao 2023, Algorithm 2) in single precision,
/// eight channels per 256-bit vector: for each batch row and block of <see cref="BlockChannels"/> channels the
/// state (N, 32) stays in L1 while the scan walks the time-major rows, so no (B, L, D, N) tensor is ever built.
/// Forward saves the state at the start of every chunk of <see cref="SelectiveScanProblem.ChunkLength"/> steps;
/// backward, chunk by chunk from the end, recomputes that chunk's states and decays exp(Δ·A) from its saved state,
/// then runs the reverse recursion through them (the recomputation the paper uses to avoid storing the states, §3.3.2).
/// Forward runs blocks (batch row × channel block) in parallel; backward runs batch rows, split into channel groups
/// only when there are fewer rows than threads, since B and C are shared by every channel of a row and their
/// gradients are sums over channels.
/// </summary>
public static partial class SelectiveScanKernel
{
    /// <summary>Channels one part scans together: four vectors.</summary>
    public const int BlockChannels = 32;
    /// <summary>Scan work (T·B·D·N) below which one thread runs the whole call.</summary>
    public const long ParallelWork = 1 << 16;
    const int W = 8;

    /// <summary>
    /// Writes y (T, B, D) and the last state (B, D, N), and, when <paramref name="checkpoints"/> is not empty
    /// (<see cref="SelectiveScanProblem.CheckpointLength"/>), the states backward needs.
    /// </summary>
    public static unsafe void Forward(SelectiveScanProblem p, SelectiveScanInputs x, Span<float> y, Span<float> lastState, Span<float> checkpoints)
    {
        x.Check(p);
        SelectiveScanInputs.Expect("y", y.Length, (long)p.Time * p.Batch * p.Channels);
        SelectiveScanInputs.Expect("last state", lastState.Length, (long)p.Batch * p.Channels * p.States);
        if (!checkpoints.IsEmpty) SelectiveScanInputs.Expect("checkpoints", checkpoints.Length, p.CheckpointLength);
        fixed (float* u = x.U, delta = x.Delta, a = x.A, bm = x.B, cm = x.C, skip = x.Skip, gate = x.Gate, bias = x.DeltaBias, h0 = x.InitialState)
        fixed (float* py = y, last = lastState, saved = checkpoints)
        {
            var work = new ForwardWork(new Operands(p, u, delta, a, bm, cm, skip, gate, bias, h0), py, last, saved);
            Run(ref work, p, p.Batch * Blocks(p));
        }
    }

    static int Blocks(SelectiveScanProblem p) => (p.Channels + BlockChannels - 1) / BlockChannels;

    static void Run<T>(ref T work, SelectiveScanProblem p, int parts) where T : struct, IParallelWork
    {
        if (Parallelism.MaxThreads >= 2 && parts >= 2 && (long)p.Time * p.Batch * p.Channels * p.States >= ParallelWork) WorkerTeam.Run(ref work, parts);
        else for (int i = 0; i < parts; i++) work.Execute(i);
    }

    /// <summary>The operands as pointers (null where absent), for the parallel parts.</summary>
    unsafe readonly struct Operands(SelectiveScanProblem p, float* u, float* delta, float* a, float* b, float* c,
        float* skip, float* gate, float* bias, float* h0)
    {
        public readonly SelectiveScanProblem P = p;
        public readonly float* U = u, Delta = delta, A = a, B = b, C = c, Skip = skip, Gate = gate, Bias = bias, H0 = h0;

        /// <summary>The channel block of a part: its first channel, width and vector count.</summary>
        public (int D0, int Width, int Stride) Block(int block)
        {
            int d0 = block * BlockChannels, w = Math.Min(BlockChannels, P.Channels - d0);
            return (d0, w, (w + W - 1) / W * W);
        }

        /// <summary>A transposed to (N, stride) for the block, zero in the padding lanes.</summary>
        public void LoadA(int d0, int w, int stride, float* at)
        {
            int n = P.States;
            new Span<float>(at, n * stride).Clear();
            for (int j = 0; j < w; j++)
                for (int k = 0; k < n; k++) at[k * stride + j] = A[(long)(d0 + j) * n + k];
        }

        /// <summary>The block's skip and delta bias, zero in the padding lanes (and where absent).</summary>
        public void LoadChannels(int d0, int w, int stride, float* skip, float* bias)
        {
            Stage(Skip is null ? null : Skip + d0, w, stride, skip);
            Stage(Bias is null ? null : Bias + d0, w, stride, bias);
        }

        /// <summary>Δ for one row of the block (delta + bias, then softplus) and, when wanted, dΔ/d(delta).</summary>
        public void StageStep(long row, int w, int stride, float* bias, float* dt, float* slope)
        {
            Stage(Delta + row, w, stride, dt);
            for (int v = 0; v < stride; v += W)
            {
                var raw = Vector256.Load(dt + v) + Vector256.Load(bias + v);
                Vector256.Store(P.DeltaSoftplus ? Softplus(raw) : raw, dt + v);
                if (slope is not null) Vector256.Store(P.DeltaSoftplus ? SoftplusSlope(raw) : Vector256<float>.One, slope + v);
            }
        }
    }

    /// <summary>Copies <paramref name="w"/> floats (zeros when <paramref name="source"/> is null) and zero-fills to <paramref name="stride"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void Stage(float* source, int w, int stride, float* destination)
    {
        if (source is null) new Span<float>(destination, stride).Clear();
        else
        {
            new ReadOnlySpan<float>(source, w).CopyTo(new Span<float>(destination, w));
            new Span<float>(destination + w, stride - w).Clear();
        }
    }

    /// <summary>
    /// ln(1 + eˣ) as torch's softplus (the identity above 20), written max(x, 0) + log1p(e^−|x|) with log1p by
    /// Goldberg's w = 1 + e, ln(w)·e/(w − 1): Mamba's Δ lives near e^−5, where ln(1 + e) alone loses 1e-4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Softplus(Vector256<float> x)
    {
        var e = GateMath.Exp(-Vector256.Abs(x));
        var w = Vector256<float>.One + e;
        var log1p = Vector256.ConditionalSelect(Vector256.Equals(w, Vector256<float>.One), e, Vector256.Log(w) * e / (w - Vector256<float>.One));
        var y = Vector256.Max(x, Vector256<float>.Zero) + log1p;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(20f)), x, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> SoftplusSlope(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(20f)), Vector256<float>.One, GateMath.Sigmoid(x));

    unsafe readonly struct ForwardWork(Operands o, float* y, float* last, float* saved) : IParallelWork
    {
        public void Execute(int part)
        {
            var p = o.P;
            int blocks = Blocks(p), b = part / blocks, N = p.States, D = p.Channels, B = p.Batch;
            var (d0, w, stride) = o.Block(part % blocks);
            var rented = ArrayPool<float>.Shared.Rent((2 * N + 6) * stride);
            fixed (float* s = rented)
            {
                float* at = s, h = at + N * stride, dt = h + N * stride, uu = dt + stride, zz = uu + stride, skip = zz + stride, bias = skip + stride, ys = bias + stride;
                o.LoadA(d0, w, stride, at);
                o.LoadChannels(d0, w, stride, skip, bias);
                new Span<float>(h, N * stride).Clear();
                if (o.H0 is not null)
                    for (int j = 0; j < w; j++)
                        for (int n = 0; n < N; n++) h[n * stride + j] = o.H0[((long)b * D + d0 + j) * N + n];
                for (int t = 0; t < p.Time; t++)
                {
                    if (saved is not null && t % p.ChunkLength == 0)
                        for (int n = 0; n < N; n++)
                            new ReadOnlySpan<float>(h + n * stride, w).CopyTo(new Span<float>(saved + (((long)t / p.ChunkLength * B + b) * N + n) * D + d0, w));
                    long row = ((long)t * B + b) * D + d0, bn = ((long)t * B + b) * N;
                    o.StageStep(row, w, stride, bias, dt, null);
                    Stage(o.U + row, w, stride, uu);
                    if (o.Gate is not null) Stage(o.Gate + row, w, stride, zz);
                    float* bt = o.B + bn, ct = o.C + bn;
                    for (int v = 0; v < stride; v += W)
                    {
                        var step = Vector256.Load(dt + v);
                        var input = Vector256.Load(uu + v);
                        var drive = step * input;
                        var acc = Vector256<float>.Zero;
                        for (int n = 0; n < N; n++)
                        {
                            float* hp = h + n * stride + v;
                            var state = GateMath.Exp(step * Vector256.Load(at + n * stride + v)) * Vector256.Load(hp) + drive * Vector256.Create(bt[n]);
                            Vector256.Store(state, hp);
                            acc += Vector256.Create(ct[n]) * state;
                        }
                        acc += Vector256.Load(skip + v) * input;
                        if (o.Gate is not null)
                        {
                            var z = Vector256.Load(zz + v);
                            acc *= z * GateMath.Sigmoid(z);
                        }
                        Vector256.Store(acc, ys + v);
                    }
                    new ReadOnlySpan<float>(ys, w).CopyTo(new Span<float>(y + row, w));
                }
                for (int j = 0; j < w; j++)
                    for (int n = 0; n < N; n++) last[((long)b * D + d0 + j) * N + n] = h[n * stride + j];
            }
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
