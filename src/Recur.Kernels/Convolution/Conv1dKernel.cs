using System.Numerics.Tensors;

namespace Recur.Kernels.Convolution;

/// <summary>
/// 1-D convolution (<see cref="Conv1dGeometry"/>) as GEMMs over shifted rows, no im2col: with the weight repacked
/// tap-major, W_k (C_out × C_in/G) for each tap k, the output block of one batch row and group is
/// Y = bias + Σ_k W_k · X_k, where X_k (C_in/G × T_out) is the input shifted by k·d − P_left — at stride 1 just a
/// column offset into the input rows (leading dimension T_in), frames that would fall in the padding left out of
/// that tap's product. Backward is the same sum read the other way: ∂X_k += W_kᵀ · ∂Y and ∂W_k += ∂Y · X_kᵀ, the
/// bias gradient a row sum. Strides above 1 gather X_k (and scatter ∂X_k) through a scratch block.
/// <para>
/// Batch rows × groups run in parallel (one part each, the GEMMs inline); the weight gradient gives each thread a
/// slice of the batch and its own accumulator, summed in a fixed order, so results do not depend on timing.
/// </para>
/// </summary>
public static class Conv1dKernel
{
    /// <summary>Multiply-adds below which a call stays on the calling thread.</summary>
    const long ParallelThreshold = 1L << 18;

    /// <summary>Writes the convolution of <paramref name="input"/> into <paramref name="output"/>; an empty <paramref name="bias"/> means none.</summary>
    public static unsafe void Forward(in Conv1dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        Check(g, input.Length, weight.Length, output.Length, "output");
        if (!bias.IsEmpty && bias.Length != g.OutChannels) throw new ArgumentException($"Conv1d: the bias holds {bias.Length} values for {g.OutChannels} output channels.", nameof(bias));
        var packed = PackTaps(g, weight);
        fixed (float* x = input, w = packed, bi = bias, y = output)
        {
            var work = new Rows(g, x, w, bi, y, Scratch(g, out int threads), threads, backward: false);
            Run(ref work, g, threads);
        }
    }

    /// <summary>Adds ∂L/∂input into <paramref name="gradInput"/> for ∂L/∂output <paramref name="gradOutput"/>.</summary>
    public static unsafe void BackwardInput(in Conv1dGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
    {
        Check(g, gradInput.Length, weight.Length, gradOutput.Length, "gradOutput");
        var packed = PackTaps(g, weight);
        fixed (float* dx = gradInput, w = packed, dy = gradOutput)
        {
            var work = new Rows(g, dx, w, null, dy, Scratch(g, out int threads), threads, backward: true);
            Run(ref work, g, threads);
        }
    }

    /// <summary>Adds ∂L/∂weight into <paramref name="gradWeight"/> (C_out, C_in/G, K).</summary>
    public static unsafe void BackwardWeight(in Conv1dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight)
    {
        Check(g, input.Length, gradWeight.Length, gradOutput.Length, "gradOutput");
        int threads = Threads(g), parts = Math.Max(1, Math.Min(threads, g.Batch));
        int tapSize = g.OutChannels * g.GroupIn;
        var partial = new float[parts * g.KernelSize * tapSize];
        var scratch = new float[g.Stride == 1 ? 0 : parts * g.GroupIn * g.OutLength];
        fixed (float* x = input, dy = gradOutput, dw = partial, s = scratch)
        {
            var work = new WeightGrad(g, x, dy, dw, s, parts, parts > 1 ? 1 : threads);
            if (parts > 1) WorkerTeam.Run(ref work, parts);
            else work.Execute(0);
        }
        for (int p = 1; p < parts; p++)
            TensorPrimitives.Add(partial.AsSpan(0, g.KernelSize * tapSize), partial.AsSpan(p * g.KernelSize * tapSize, g.KernelSize * tapSize), partial.AsSpan(0, g.KernelSize * tapSize));
        for (int k = 0; k < g.KernelSize; k++)
            for (int i = 0; i < tapSize; i++)
                gradWeight[i * g.KernelSize + k] += partial[k * tapSize + i];
    }

    /// <summary>Adds ∂L/∂bias = Σ_b Σ_t ∂L/∂y[b,o,t] into <paramref name="gradBias"/> (C_out).</summary>
    public static void BackwardBias(in Conv1dGeometry g, ReadOnlySpan<float> gradOutput, Span<float> gradBias)
    {
        if (gradOutput.Length != g.OutputCount || gradBias.Length != g.OutChannels)
            throw new ArgumentException($"Conv1d: expected {g.OutputCount} output gradients and {g.OutChannels} bias cells, got {gradOutput.Length} and {gradBias.Length}.");
        for (int b = 0; b < g.Batch; b++)
            for (int o = 0; o < g.OutChannels; o++)
                gradBias[o] += TensorPrimitives.Sum(gradOutput.Slice((b * g.OutChannels + o) * g.OutLength, g.OutLength));
    }

    /// <summary>The weight (C_out, C_in/G, K) tap-major: (K, C_out, C_in/G), so that each W_k is a plain matrix.</summary>
    static float[] PackTaps(in Conv1dGeometry g, ReadOnlySpan<float> weight)
    {
        int tapSize = g.OutChannels * g.GroupIn;
        var packed = new float[g.KernelSize * tapSize];
        for (int i = 0; i < tapSize; i++)
            for (int k = 0; k < g.KernelSize; k++)
                packed[k * tapSize + i] = weight[i * g.KernelSize + k];
        return packed;
    }

    static int Threads(in Conv1dGeometry g) => g.MultiplyAdds < ParallelThreshold ? 1 : Parallelism.MaxThreads;

    static float[] Scratch(in Conv1dGeometry g, out int threads)
    {
        threads = Threads(g);
        return g.Stride == 1 ? [] : new float[(long)g.Batch * g.Groups * g.GroupIn * g.OutLength];
    }

    static void Run(ref Rows work, in Conv1dGeometry g, int threads)
    {
        int parts = g.Batch * g.Groups;
        if (threads > 1 && parts > 1) WorkerTeam.Run(ref work, parts);
        else for (int p = 0; p < parts; p++) work.Execute(p);
    }

    static void Check(in Conv1dGeometry g, int inputLength, int weightLength, int outputLength, string outputName)
    {
        if (inputLength != g.InputCount || weightLength != g.WeightCount || outputLength != g.OutputCount)
            throw new ArgumentException($"Conv1d: expected {g.InputCount} input, {g.WeightCount} weight and {g.OutputCount} {outputName} values, got {inputLength}, {weightLength} and {outputLength}.");
    }

    /// <summary>
    /// One batch row and group: forward writes Y = bias + Σ_k W_k·X_k into y; backward adds W_kᵀ·∂Y into the
    /// shifted input gradient (x) for ∂Y in y.
    /// </summary>
    unsafe readonly struct Rows(Conv1dGeometry g, float* x, float* w, float* bias, float* y, float[] scratch, int threads, bool backward) : IParallelWork
    {
        public void Execute(int part)
        {
            int b = part / g.Groups, group = part % g.Groups;
            int ci = g.GroupIn, co = g.GroupOut, tin = g.InLength, tout = g.OutLength;
            float* xs = x + ((long)b * g.InChannels + group * ci) * tin;
            float* ys = y + ((long)b * g.OutChannels + group * co) * tout;
            int gemmThreads = threads > 1 && g.Batch * g.Groups > 1 ? 1 : threads;
            var gather = g.Stride == 1 ? default : scratch.AsSpan(part * ci * tout, ci * tout);
            if (!backward)
                for (int o = 0; o < co; o++) new Span<float>(ys + (long)o * tout, tout).Fill(bias == null ? 0f : bias[group * co + o]);
            for (int k = 0; k < g.KernelSize; k++)
            {
                var (first, end) = g.Valid(k);
                int n = end - first;
                if (n <= 0) continue;
                int shift = first * g.Stride + g.Offset(k);
                var wk = new ReadOnlySpan<float>(w + ((long)k * g.OutChannels + group * co) * ci, co * ci);
                var yk = new Span<float>(ys + first, (co - 1) * tout + n);
                if (g.Stride == 1)
                {
                    var xk = new Span<float>(xs + shift, (ci - 1) * tin + n);
                    if (backward) Gemm.Multiply(true, false, ci, n, co, 1f, wk, ci, yk, tout, 1f, xk, tin, GemmIsaSupport.Best, gemmThreads);
                    else Gemm.Multiply(false, false, co, n, ci, 1f, wk, ci, xk, tin, 1f, yk, tout, GemmIsaSupport.Best, gemmThreads);
                }
                else if (backward)
                {
                    Gemm.Multiply(true, false, ci, n, co, 1f, wk, ci, yk, tout, 0f, gather, n, GemmIsaSupport.Best, gemmThreads);
                    for (int c = 0; c < ci; c++)
                        for (int j = 0; j < n; j++) xs[(long)c * tin + shift + j * g.Stride] += gather[c * n + j];
                }
                else
                {
                    GatherStrided(g, xs, shift, n, gather);
                    Gemm.Multiply(false, false, co, n, ci, 1f, wk, ci, gather, n, 1f, yk, tout, GemmIsaSupport.Best, gemmThreads);
                }
            }
        }
    }

    /// <summary>One slice of the batch: adds Σ_b ∂Y_b·X_{b,k}ᵀ for every tap into this part's accumulator (K, C_out, C_in/G).</summary>
    unsafe readonly struct WeightGrad(Conv1dGeometry g, float* x, float* dy, float* partial, float* scratch, int parts, int threads) : IParallelWork
    {
        public void Execute(int part)
        {
            int ci = g.GroupIn, co = g.GroupOut, tin = g.InLength, tout = g.OutLength, tapSize = g.OutChannels * ci;
            float* acc = partial + (long)part * g.KernelSize * tapSize;
            var gather = g.Stride == 1 ? default : new Span<float>(scratch + (long)part * ci * tout, ci * tout);
            int from = (int)((long)g.Batch * part / parts), to = (int)((long)g.Batch * (part + 1) / parts);
            for (int b = from; b < to; b++)
                for (int group = 0; group < g.Groups; group++)
                {
                    float* xs = x + ((long)b * g.InChannels + group * ci) * tin;
                    float* ys = dy + ((long)b * g.OutChannels + group * co) * tout;
                    for (int k = 0; k < g.KernelSize; k++)
                    {
                        var (first, end) = g.Valid(k);
                        int n = end - first;
                        if (n <= 0) continue;
                        int shift = first * g.Stride + g.Offset(k);
                        var dwk = new Span<float>(acc + ((long)k * g.OutChannels + group * co) * ci, co * ci);
                        var yk = new ReadOnlySpan<float>(ys + first, (co - 1) * tout + n);
                        if (g.Stride == 1)
                            Gemm.Multiply(false, true, co, ci, n, 1f, yk, tout, new ReadOnlySpan<float>(xs + shift, (ci - 1) * tin + n), tin, 1f, dwk, ci, GemmIsaSupport.Best, threads);
                        else
                        {
                            GatherStrided(g, xs, shift, n, gather);
                            Gemm.Multiply(false, true, co, ci, n, 1f, yk, tout, gather, n, 1f, dwk, ci, GemmIsaSupport.Best, threads);
                        }
                    }
                }
        }
    }

    /// <summary>X_k (C_in/G × n) for a stride above 1: every s-th frame from <paramref name="shift"/> on.</summary>
    static unsafe void GatherStrided(in Conv1dGeometry g, float* xs, int shift, int n, Span<float> gather)
    {
        for (int c = 0; c < g.GroupIn; c++)
        {
            float* row = xs + (long)c * g.InLength + shift;
            for (int j = 0; j < n; j++) gather[c * n + j] = row[j * g.Stride];
        }
    }
}
