namespace Recur.Nn;

/// <summary>
/// Streaming inference for a unidirectional stacked network: one <see cref="CellStepper"/> per layer, each
/// layer's new h feeding the next, no allocation per step. State layout as PyTorch's h_n and c_n:
/// h (layers, B, P), c (layers, B, H), flattened; the top layer's slice of h is the step's output.
/// </summary>
public sealed class NetworkStepper
{
    readonly CellStepper[] layers;
    readonly int batch;

    internal NetworkStepper(CellStepper[] layers, int batch) => (this.layers, this.batch) = (layers, batch);

    public int Layers => layers.Length;

    public void Step(ReadOnlySpan<float> x, Span<float> h, Span<float> c = default)
    {
        int hSize = batch * layers[0].OutputSize, cSize = batch * layers[0].HiddenSize;
        if (h.Length != layers.Length * hSize)
            throw new ArgumentException($"Step expects h of {layers.Length}×{batch}×{layers[0].OutputSize} floats, got {h.Length}.");
        ReadOnlySpan<float> input = x;
        for (int l = 0; l < layers.Length; l++)
        {
            var hl = h.Slice(l * hSize, hSize);
            layers[l].Step(input, hl, c.IsEmpty ? default : c.Slice(l * cSize, cSize));
            input = hl;
        }
    }
}
