namespace Recur.Nn;

/// <summary>
/// A <see cref="NetworkStepper"/> behind the <see cref="ISequenceStepper"/> contract: the caller's state row is
/// h (layers·P) then c (layers·H), which this moves to and from the network's (layers, B, ·) layout around each step.
/// </summary>
internal sealed class RecurrentSequenceStepper(NetworkStepper stepper, int batch, int hPerRow, int cPerRow) : ISequenceStepper
{
    readonly float[] h = new float[batch * hPerRow], c = new float[batch * cPerRow];

    public int Batch => batch;

    public int StateSize => hPerRow + cPerRow;

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        int layers = stepper.Layers, p = hPerRow / layers, hc = cPerRow / layers;
        Move(state, h, batch, layers, p, 0, toStepper: true);
        if (cPerRow > 0) Move(state, c, batch, layers, hc, hPerRow, toStepper: true);
        stepper.Step(input, h, cPerRow > 0 ? c : default);
        Move(state, h, batch, layers, p, 0, toStepper: false);
        if (cPerRow > 0) Move(state, c, batch, layers, hc, hPerRow, toStepper: false);
        h.AsSpan((layers - 1) * batch * p, batch * p).CopyTo(output);
    }

    /// <summary>Copies between the caller's (B, StateSize) rows, at <paramref name="offset"/>, and the stepper's (layers, B, size).</summary>
    void Move(Span<float> state, float[] buffer, int rows, int layers, int size, int offset, bool toStepper)
    {
        for (int b = 0; b < rows; b++)
            for (int l = 0; l < layers; l++)
            {
                var row = state.Slice(b * StateSize + offset + l * size, size);
                var slot = buffer.AsSpan((l * rows + b) * size, size);
                if (toStepper) row.CopyTo(slot); else slot.CopyTo(row);
            }
    }
}
