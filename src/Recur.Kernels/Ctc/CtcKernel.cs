using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Ctc;

/// <summary>
/// CTC loss and its gradient (Graves et al. 2006, §4.1–4.2) in log space, four extended-label positions s per
/// vector: alpha_t(s) = y_t(l'_s) + logsumexp(alpha_{t−1}(s), alpha_{t−1}(s−1), alpha_{t−1}(s−2) + penalty(s)) (eq. 6–7),
/// beta the mirror image (eq. 10–11), −ln p(l|x) = −logsumexp(alpha_{T−1}(L−1), alpha_{T−1}(L−2)) (eq. 8), with y the
/// log-probabilities and sums accumulated in double (float loses about 1e-3 of a gradient by T = 1000).
/// <para>
/// Zero probability is <see cref="LogZero"/>, a finite −1e30, never −∞: lanes then need no −∞ − (−∞) guard, and a
/// cell that can only be reached through impossible ones stays below −1e29; a loss at or above 1e29 is reported as
/// +∞. Each item walks only the band of s that can still start or finish in time, s ∈ [L − 2(T_n − t), 2t + 2)
/// (rounded out to whole vectors); cells outside it stay <see cref="LogZero"/> and meet a zero of the other
/// recursion in the gradient.
/// </para>
/// <para>
/// The gradient is PyTorch's (ctc_loss_backward_cpu): for t &lt; T_n, g_n·(exp(y_t(c)) − Σ_{s: l'_s = c}
/// exp(alpha_t(s) + beta_t(s) + nll_n − y_t(c))), i.e. the gradient with respect to the logits beneath a
/// log-softmax (eq. 16), not ∂loss/∂y; frames t ≥ T_n get zero. An infinite loss gives NaN there (PyTorch's
/// −∞ + ∞), or zeros with zeroInfinity. Items run in parallel (one part each); nothing is allocated per time step.
/// </para>
/// </summary>
public static class CtcKernel
{
    /// <summary>log 0 as the kernel writes it.</summary>
    public const double LogZero = -1e30;
    const double InfiniteLoss = 1e29;
    /// <summary>Cells (Σ T_n·L_n) below which one thread runs the batch (a few tens of microseconds of work), so that small problems pay no hand-off.</summary>
    public const long ParallelCells = 1 << 14;
    const int Pad = CtcProblem.Pad;

    /// <summary>
    /// Fills <paramref name="alpha"/> (<see cref="CtcProblem.AlphaLength"/>; its old contents do not matter) and
    /// nll (N): −ln p(l_n | x_n).
    /// </summary>
    public static unsafe void Forward(CtcProblem p, ReadOnlySpan<float> logProbs, Span<double> alpha, Span<double> nll)
    {
        Check(p, logProbs, alpha.Length, nll.Length);
        var scratch = new double[4 * p.RowOffset(p.Batch)];
        fixed (float* lp = logProbs)
        fixed (double* a = alpha, l = nll, s = scratch, pen = p.Penalty)
        fixed (int* ext = p.Extended)
        {
            var work = new Work(p, lp, a, l, null, null, s, ext, pen, backward: false, zeroInfinity: false);
            Run(ref work, p);
        }
    }

    /// <summary>
    /// Writes into <paramref name="grad"/> (T, N, C), which must hold zeros, the gradient described on the type for
    /// per-item upstream gradients <paramref name="scale"/> (N), from Forward's alpha and nll.
    /// </summary>
    public static unsafe void Backward(CtcProblem p, ReadOnlySpan<float> logProbs, ReadOnlySpan<double> alpha, ReadOnlySpan<double> nll,
        ReadOnlySpan<double> scale, bool zeroInfinity, Span<float> grad)
    {
        Check(p, logProbs, alpha.Length, nll.Length);
        if (scale.Length != p.Batch || grad.Length != logProbs.Length)
            throw new ArgumentException($"CtcKernel.Backward: expected {p.Batch} scales and {logProbs.Length} gradient cells, got {scale.Length} and {grad.Length}.");
        var scratch = new double[4 * p.RowOffset(p.Batch)];
        fixed (float* lp = logProbs, g = grad)
        fixed (double* a = alpha, l = nll, sc = scale, s = scratch, pen = p.Penalty)
        fixed (int* ext = p.Extended)
        {
            var work = new Work(p, lp, a, l, sc, g, s, ext, pen, backward: true, zeroInfinity);
            Run(ref work, p);
        }
    }

    static void Check(CtcProblem p, ReadOnlySpan<float> logProbs, int alphaLength, int nllLength)
    {
        if (logProbs.Length != (long)p.MaxTime * p.Batch * p.Classes || alphaLength != p.AlphaLength || nllLength != p.Batch)
            throw new ArgumentException($"CtcKernel: expected {(long)p.MaxTime * p.Batch * p.Classes} log-probabilities, {p.AlphaLength} alpha cells and {p.Batch} losses; got {logProbs.Length}, {alphaLength} and {nllLength}.");
    }

    static void Run(ref Work work, CtcProblem p)
    {
        if (Parallelism.MaxThreads >= 2 && p.Batch >= 2 && p.Cells >= ParallelCells) WorkerTeam.Run(ref work, p.Batch);
        else for (int n = 0; n < p.Batch; n++) work.Execute(n);
    }

    unsafe readonly struct Work(CtcProblem p, float* lp, double* alpha, double* nll, double* scale, float* grad,
        double* scratch, int* ext, double* pen, bool backward, bool zeroInfinity) : IParallelWork
    {
        public void Execute(int n)
        {
            int row = p.RowOffset(n);
            var item = new Item(p, n, lp, alpha + p.AlphaOffset(n), ext + row + Pad, pen + row + Pad, scratch + 4 * row);
            if (backward) item.Backward(nll[n], scale[n], zeroInfinity, grad);
            else nll[n] = item.Forward();
        }
    }

    /// <summary>One item's pointers: rows are offset by <see cref="Pad"/>, so index s is l'_s.</summary>
    unsafe readonly struct Item(CtcProblem p, int n, float* lp, double* alpha, int* ext, double* pen, double* scratch)
    {
        readonly int T = p.InputLength(n), L = p.ExtendedLength(n), W = p.Width(n), N = p.Batch, C = p.Classes;

        float* Frame(int t) => lp + ((long)t * N + n) * C;

        double* Alpha(int t) => alpha + (long)t * W + Pad;

        // Band of s that can still finish by T_n (lower) and be reached from t = 0 (upper), rounded out to vectors.
        int Low(int t) => Math.Max(0, L - 2 * (T - t)) & ~3;

        int High(int t) => (Math.Min(L, 2 * t + 2) + 3) & ~3;

        void Gather(int t, double* y, int from, int to)
        {
            float* frame = Frame(t);
            for (int s = from; s < Math.Min(to, L); s++) y[s] = Math.Max(frame[ext[s]], LogZero);
        }

        public double Forward()
        {
            if (T == 0) return L == 1 ? 0 : double.PositiveInfinity;
            double* y = scratch + Pad;
            new Span<double>(scratch, W).Fill(LogZero);
            // Rows are filled as they are reached, so a pooled (dirty) buffer does, and each row is written while hot.
            new Span<double>(alpha, W).Fill(LogZero);
            Gather(0, y, 0, 2);
            Alpha(0)[0] = y[0];
            if (L > 1) Alpha(0)[1] = y[1];
            for (int t = 1; t < T; t++)
            {
                int lo = Low(t), hi = High(t);
                Gather(t, y, lo, hi);
                double* prev = Alpha(t - 1), cur = Alpha(t);
                new Span<double>(cur - Pad, W).Fill(LogZero);
                for (int s = lo; s < hi; s += 4)
                {
                    var stay = Vector256.Load(prev + s);
                    var next = Vector256.Load(prev + s - 1);
                    var skip = Vector256.Load(prev + s - 2) + Vector256.Load(pen + s);
                    Vector256.Store(LogSumExp(stay, next, skip) + Vector256.Load(y + s), cur + s);
                }
            }
            double* last = Alpha(T - 1);
            double ll = L > 1 ? LogSpaceMath.LogAdd(last[L - 1], last[L - 2]) : last[L - 1];
            return -ll >= InfiniteLoss ? double.PositiveInfinity : -ll;
        }

        public void Backward(double nll, double g, bool zeroInfinity, float* grad)
        {
            if (T == 0) return;
            if (double.IsPositiveInfinity(nll))
            {
                if (!zeroInfinity)
                    for (int t = 0; t < T; t++) new Span<float>(grad + ((long)t * N + n) * C, C).Fill(float.NaN);
                return;
            }
            new Span<double>(scratch, 4 * W).Fill(LogZero);
            double* y = scratch + Pad, even = scratch + W + Pad, odd = scratch + 2 * W + Pad, post = scratch + 3 * W + Pad;
            var nllVector = Vector256.Create(nll);
            for (int t = T - 1; t >= 0; t--)
            {
                int lo = Low(t), hi = High(t);
                Gather(t, y, lo, hi);
                double* cur = (t & 1) == 0 ? even : odd, next = (t & 1) == 0 ? odd : even;
                if (t == T - 1)
                {
                    cur[L - 1] = y[L - 1];
                    if (L > 1) cur[L - 2] = y[L - 2];
                }
                else
                {
                    // Cells at and above hi, which alpha cannot reach, may read stale cells of the row two
                    // frames on; they only feed cells that alpha cannot reach either (hi falls by 2 a frame).
                    for (int s = lo; s < hi; s += 4)
                    {
                        var stay = Vector256.Load(next + s);
                        var back = Vector256.Load(next + s + 1);
                        var skip = Vector256.Load(next + s + 2) + Vector256.Load(pen + s + 2);
                        Vector256.Store(LogSumExp(stay, back, skip) + Vector256.Load(y + s), cur + s);
                    }
                }
                // Occupancy of s at t (eq. 14) divided by y_t(l'_s), both recursions having counted it.
                // Even s are all the blank: their sum is kept in lanes 0 and 2 (s starts on a multiple of four), so
                // only the labels are scattered one by one.
                double* a = Alpha(t);
                var blanks = Vector256<double>.Zero;
                var blankLanes = Vector256.Create(-1L, 0, -1L, 0).AsDouble();
                for (int s = lo; s < hi; s += 4)
                {
                    var logPost = Vector256.Load(a + s) + Vector256.Load(cur + s) + nllVector - Vector256.Load(y + s);
                    var occupancy = LogSpaceMath.Exp(logPost);
                    blanks += occupancy & blankLanes;
                    Vector256.Store(occupancy, post + s);
                }
                var row = new Span<float>(Frame(t) - lp + grad, C);
                TensorPrimitives.Exp(new ReadOnlySpan<float>(Frame(t), C), row);
                row[p.Blank] -= (float)Vector256.Sum(blanks);
                for (int s = lo + 1; s < Math.Min(hi, L); s += 2) row[ext[s]] -= (float)post[s];
                TensorPrimitives.Multiply(row, (float)g, row);
            }
        }
    }

    /// <summary>
    /// ln(e^a + e^b + e^c) = m + ln(1 + e^{u−m} + e^{v−m}), m the largest and u, v the other two: sorting the three
    /// first spares one exponential of three (e^0 = 1), and the sum stays in [1, 3].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> LogSumExp(Vector256<double> a, Vector256<double> b, Vector256<double> c)
    {
        var low = Vector256.Min(a, b);
        var high = Vector256.Max(a, b);
        var m = Vector256.Max(high, c);
        var middle = Vector256.Min(high, c);
        return m + LogSpaceMath.LogOneToThree(Vector256<double>.One + LogSpaceMath.Exp(low - m) + LogSpaceMath.Exp(middle - m));
    }
}
