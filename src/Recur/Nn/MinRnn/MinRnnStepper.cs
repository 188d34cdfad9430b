namespace Recur.Nn;

/// <summary>
/// Streaming <see cref="MinRnnNetwork"/>: per row and layer, the projections of the input (one dot product per
/// output), the layer's plain recurrence on its slice of the caller's state, then the residual; no dropout.
/// Weights are read from the layers at each step, so the stepper follows training updates.
/// </summary>
internal sealed class MinRnnStepper : ISequenceStepper
{
    readonly MinRnnNetwork network;
    readonly float[] k, u, next;

    public MinRnnStepper(MinRnnNetwork network, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A stepper needs at least one row.");
        this.network = network; Batch = batch;
        int widest = Math.Max(network.InputSize, network.HiddenSize);
        k = new float[3 * network.HiddenSize];
        u = new float[widest];
        next = new float[widest];
    }

    public int Batch { get; }

    public int StateSize => network.NumLayers * network.HiddenSize;

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        int inSize = network.InputSize, h = network.HiddenSize;
        if (input.Length != Batch * inSize || state.Length != Batch * StateSize || output.Length != Batch * h)
            throw new ArgumentException($"{network.GetType().Name} stepper: expected input {Batch}×{inSize}, state {Batch}×{StateSize} and output {Batch}×{h} floats; got {input.Length}, {state.Length} and {output.Length}.");
        for (int b = 0; b < Batch; b++)
        {
            var x = u.AsSpan(0, inSize);
            input.Slice(b * inSize, inSize).CopyTo(x);
            for (int l = 0; l < network.NumLayers; l++)
            {
                var layer = network.Layers[l];
                var projections = layer.Projections;
                for (int p = 0; p < projections.Length; p++) projections[p].ForwardRow(x, k.AsSpan(p * h, h));
                var hl = state.Slice(b * StateSize + l * h, h);
                layer.StepRow(k, hl);
                var o = next.AsSpan(0, h);
                hl.CopyTo(o);
                if (x.Length == h) System.Numerics.Tensors.TensorPrimitives.Add(o, x, o);
                o.CopyTo(u);
                x = u.AsSpan(0, h);
            }
            x.CopyTo(output.Slice(b * h, h));
        }
    }
}
