using System.Numerics.Tensors;

namespace Recur.Nn;

/// <summary>
/// Streaming <see cref="NplmNetwork"/>: per row, the window is the n − 2 inputs held in the caller's state (oldest
/// first) followed by this step's input; the tanh layers run on it one dot product per unit, and the history then
/// shifts by one input. Weights are read from the layers at each step, so the stepper follows training updates; no dropout.
/// </summary>
internal sealed class NplmStepper : ISequenceStepper
{
    readonly NplmNetwork network;
    readonly float[] window, a, b;

    public NplmStepper(NplmNetwork network, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        (this.network, Batch) = (network, batch);
        window = new float[network.Context * network.InputSize];
        a = new float[network.HiddenSize];
        b = new float[network.HiddenSize];
    }

    public int Batch { get; }

    public int StateSize => (network.Context - 1) * network.InputSize;

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        int I = network.InputSize, H = network.HiddenSize, O = network.OutputSize, S = StateSize;
        if (input.Length != Batch * I || state.Length != Batch * S || output.Length != Batch * O)
            throw new ArgumentException($"{nameof(NplmNetwork)} stepper: expected input {Batch}×{I}, state {Batch}×{S} and output {Batch}×{O} floats; got {input.Length}, {state.Length} and {output.Length}.");
        for (int r = 0; r < Batch; r++)
        {
            var history = state.Slice(r * S, S);
            history.CopyTo(window);
            input.Slice(r * I, I).CopyTo(window.AsSpan(S));
            ReadOnlySpan<float> x = window;
            for (int l = 0; l < network.Hidden.Count; l++)
            {
                var y = (l % 2 == 0 ? a : b).AsSpan();
                network.Hidden[l].ForwardRow(x, y);
                TensorPrimitives.Tanh(y, y);
                x = y;
            }
            var row = output.Slice(r * O, O);
            x.CopyTo(row);
            if (network.DirectConnections) window.CopyTo(row.Slice(H));
            window.AsSpan(I).CopyTo(history);
        }
    }
}
