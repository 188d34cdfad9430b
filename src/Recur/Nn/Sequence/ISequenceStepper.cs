namespace Recur.Nn;

/// <summary>
/// Streaming inference for an <see cref="ISequenceLayer"/>: one step for <see cref="Batch"/> rows, without
/// gradients and without allocating. The stepper holds weights and scratch only; the state lives in the caller's
/// buffer, (B, <see cref="StateSize"/>) row-major, so that a decoder can copy, reorder or reset rows. A zero buffer
/// is the state before the first step; running the stepper over a sequence gives the layer's <c>Forward</c> outputs.
/// </summary>
public interface ISequenceStepper
{
    int Batch { get; }

    /// <summary>Floats of state per batch row.</summary>
    int StateSize { get; }

    /// <summary>Reads <paramref name="input"/> (B, I), advances <paramref name="state"/> (B, StateSize) in place and writes <paramref name="output"/> (B, O).</summary>
    void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output);
}
