using Recur.Kernels.Recurrent;
using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// Streaming inference for one cell: advances B rows one step at a time in place, with buffers allocated once
/// here and never per step, and no autograd. The two projections are matrix–vector products per row
/// (<see cref="MatrixVector"/>), then the same fused gate kernel as training. Reads the cell's weights live, so
/// it follows later updates. Not thread-safe: one stepper per stream.
/// </summary>
public sealed class CellStepper
{
    readonly GateKernel kernel;
    readonly Tensor wih, whh;
    readonly Tensor? bih, bhh;
    readonly int batch, input, hidden, gates;
    readonly float[] inputGates, hiddenGates, saved, nextH, nextC;

    internal CellStepper(GateKernel kernel, Tensor wih, Tensor whh, Tensor? bih, Tensor? bhh, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Batch must be positive.");
        (this.kernel, this.wih, this.whh, this.bih, this.bhh, this.batch) = (kernel, wih, whh, bih, bhh, batch);
        (input, hidden) = (wih.Size(1), whh.Size(1));
        gates = kernel.Gates * hidden;
        inputGates = new float[batch * gates];
        hiddenGates = new float[batch * gates];
        saved = new float[batch * kernel.SavedGates * hidden];
        nextH = new float[batch * hidden];
        nextC = kernel.HasCellState ? new float[batch * hidden] : [];
    }

    /// <summary>
    /// One step: <paramref name="x"/> (B, I) in; <paramref name="h"/> (B, H) and, for an LSTM,
    /// <paramref name="c"/> (B, H) are read and overwritten with the new state.
    /// </summary>
    public void Step(ReadOnlySpan<float> x, Span<float> h, Span<float> c = default)
    {
        if (x.Length != batch * input || h.Length != batch * hidden || (kernel.HasCellState && c.Length != batch * hidden))
            throw new ArgumentException($"Step expects x of {batch}×{input}, h{(kernel.HasCellState ? " and c" : "")} of {batch}×{hidden} floats.");
        var w = wih.AsSpan(); var u = whh.AsSpan();
        for (int b = 0; b < batch; b++)
        {
            var gx = inputGates.AsSpan(b * gates, gates);
            if (bih is not null) bih.AsSpan().CopyTo(gx);
            MatrixVector.Multiply(gates, input, w, x.Slice(b * input, input), bih is null ? 0f : 1f, gx);
            MatrixVector.Multiply(gates, hidden, u, h.Slice(b * hidden, hidden), 0f, hiddenGates.AsSpan(b * gates, gates));
        }
        kernel.Forward(batch, hidden, inputGates, hiddenGates, bhh is null ? default : bhh.AsSpan(), h, c, saved, nextC, nextH);
        nextH.CopyTo(h);
        if (kernel.HasCellState) nextC.CopyTo(c);
    }
}
