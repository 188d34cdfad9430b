using Recur.Kernels.Recurrent;
using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// Streaming inference for one cell or one layer: advances B rows one step at a time in place, with buffers
/// allocated once here and never per step, and no autograd. The projections are matrix–vector products per row
/// (<see cref="MatrixVector"/>), then the same fused gate kernel as training (and W_hr for a projected LSTM).
/// Reads the weights live, so it follows later updates. Not thread-safe: one stepper per stream.
/// </summary>
public sealed class CellStepper
{
    readonly GateKernel kernel;
    readonly RecurrentWeights weights;
    readonly int batch, input, hidden, output, gates;
    readonly float[] inputGates, hiddenGates, saved, nextH, nextC;

    internal CellStepper(GateKernel kernel, RecurrentWeights weights, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Batch must be positive.");
        (this.kernel, this.weights, this.batch) = (kernel, weights, batch);
        (input, output) = (weights.InputSize, weights.OutputSize);
        hidden = weights.ProjectionWeight?.Size(1) ?? output;
        gates = kernel.Gates * hidden;
        inputGates = new float[batch * gates];
        hiddenGates = new float[batch * gates];
        saved = new float[batch * kernel.SavedGates * hidden];
        nextH = new float[batch * hidden];
        nextC = kernel.HasCellState ? new float[batch * hidden] : [];
    }

    public int InputSize => input;

    /// <summary>Size of h: the hidden size, or proj_size for a projected LSTM.</summary>
    public int OutputSize => output;

    public int HiddenSize => hidden;

    /// <summary>
    /// One step: <paramref name="x"/> (B, I) in; <paramref name="h"/> (B, P) and, for an LSTM,
    /// <paramref name="c"/> (B, H) are read and overwritten with the new state.
    /// </summary>
    public void Step(ReadOnlySpan<float> x, Span<float> h, Span<float> c = default)
    {
        if (x.Length != batch * input || h.Length != batch * output || (kernel.HasCellState && c.Length != batch * hidden))
            throw new ArgumentException($"Step expects x of {batch}×{input}, h of {batch}×{output}{(kernel.HasCellState ? $" and c of {batch}×{hidden}" : "")} floats.");
        var w = weights.InputWeight.AsSpan(); var u = weights.HiddenWeight.AsSpan();
        var bih = weights.InputBias; var bhh = weights.HiddenBias;
        for (int b = 0; b < batch; b++)
        {
            var gx = inputGates.AsSpan(b * gates, gates);
            if (bih is not null) bih.AsSpan().CopyTo(gx);
            MatrixVector.MultiplyPair(gates, input, w, x.Slice(b * input, input), bih is null ? 0f : 1f, gx,
                output, u, h.Slice(b * output, output), hiddenGates.AsSpan(b * gates, gates));
        }
        kernel.Forward(batch, hidden, inputGates, hiddenGates, bhh is null ? default : bhh.AsSpan(), h, c, saved, nextC, nextH);
        if (weights.ProjectionWeight is { } whr)
            for (int b = 0; b < batch; b++)
                MatrixVector.Multiply(output, hidden, whr.AsSpan(), nextH.AsSpan(b * hidden, hidden), 0f, h.Slice(b * output, output));
        else nextH.CopyTo(h);
        if (kernel.HasCellState) nextC.CopyTo(c);
    }
}
