using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur.Nn;

/// <summary>
/// Streams a <see cref="Tcn"/> one frame at a time: each convolution's output frame is one GEMM of its window
/// (B × C·K, tap k of channel c at column c·K + k, read d·k frames into the window) by the weight (C_out × C·K) as
/// stored, then its history shifts by one frame. The state row holds, block by block, the two convolutions'
/// histories (C_in × d(K−1), then C_out × d(K−1)), frames oldest first — <see cref="Tcn"/>'s carried state row by
/// row. Weights (weight norm applied) are copied when the stepper is made; dropout is off.
/// </summary>
internal sealed class TcnStepper : ISequenceStepper
{
    readonly Level[] levels;
    readonly float[] window, input, hidden, output, residual;

    sealed record Conv(float[] Weight, float[] Bias, int In, int Out, int Kernel, int Dilation);

    sealed record Level(Conv First, Conv Second, Conv? Downsample, int History);

    public TcnStepper(IReadOnlyList<TemporalBlock> blocks, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Batch = batch;
        using (Tensor.NoGrad())
            levels = blocks.Select(b => new Level(Snapshot(b.Conv1), Snapshot(b.Conv2), b.Downsample is null ? null : Snapshot(b.Downsample), b.History)).ToArray();
        StateSize = levels.Sum(l => (l.First.In + l.First.Out) * l.History);
        int widest = levels.Max(l => Math.Max(l.First.In, l.First.Out));
        window = new float[batch * widest * blocks[0].KernelSize];
        input = new float[batch * widest];
        hidden = new float[batch * widest];
        output = new float[batch * widest];
        residual = new float[batch * widest];
    }

    static Conv Snapshot(Conv1d c) =>
        new(c.EffectiveWeight().ToArray(), c.Bias?.ToArray() ?? new float[c.OutChannels], c.InChannels, c.OutChannels, c.KernelSize, c.Dilation);

    public int Batch { get; }

    public int StateSize { get; }

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        int inputSize = levels[0].First.In, outputSize = levels[^1].First.Out;
        if (input.Length != Batch * inputSize || state.Length != Batch * StateSize || output.Length != Batch * outputSize)
            throw new ArgumentException($"TcnStepper: expected input ({Batch}, {inputSize}), state ({Batch}, {StateSize}) and output ({Batch}, {outputSize}); got {input.Length}, {state.Length} and {output.Length} floats.");
        input.CopyTo(this.input);
        int offset = 0;
        foreach (var level in levels)
        {
            var (first, second) = (level.First, level.Second);
            int h = level.History;
            Convolve(first, state, offset, h, this.input, hidden);
            TensorPrimitives.Max(hidden.AsSpan(0, Batch * first.Out), 0f, hidden.AsSpan(0, Batch * first.Out));
            Convolve(second, state, offset + first.In * h, h, hidden, this.output);
            var net = this.output.AsSpan(0, Batch * second.Out);
            TensorPrimitives.Max(net, 0f, net);
            if (level.Downsample is { } d)
            {
                for (int b = 0; b < Batch; b++) d.Bias.CopyTo(residual, b * d.Out);
                Gemm.Multiply(false, true, Batch, d.Out, d.In, 1f, this.input, d.In, d.Weight, d.In, 1f, residual, d.Out);
                TensorPrimitives.Add(net, residual.AsSpan(0, net.Length), net);
            }
            else TensorPrimitives.Add(net, this.input.AsSpan(0, net.Length), net);
            TensorPrimitives.Max(net, 0f, this.input.AsSpan(0, net.Length));
            offset += (first.In + first.Out) * h;
        }
        this.input.AsSpan(0, Batch * outputSize).CopyTo(output);
    }

    /// <summary>y (B × C_out) = bias + window · Wᵀ for the frame x (B × C_in) after the history at <paramref name="at"/> in each state row, then x joins the history.</summary>
    void Convolve(Conv c, Span<float> state, int at, int h, float[] x, float[] y)
    {
        int width = c.In * c.Kernel;
        for (int b = 0; b < Batch; b++)
        {
            var history = state.Slice(b * StateSize + at, c.In * h);
            var row = window.AsSpan(b * width, width);
            for (int ch = 0; ch < c.In; ch++)
            {
                var past = history.Slice(ch * h, h);
                for (int k = 0; k < c.Kernel - 1; k++) row[ch * c.Kernel + k] = past[k * c.Dilation];
                row[ch * c.Kernel + c.Kernel - 1] = x[b * c.In + ch];
                past[1..].CopyTo(past);
                past[h - 1] = x[b * c.In + ch];
            }
            c.Bias.CopyTo(y, b * c.Out);
        }
        Gemm.Multiply(false, true, Batch, c.Out, width, 1f, window, width, c.Weight, width, 1f, y, c.Out);
    }
}
