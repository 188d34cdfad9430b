namespace Recur.Nn;

/// <summary>
/// A layer (or stack of layers) that reads a whole sequence, time-major (T, B, I), and returns (T, B, O): the
/// shape every sequence model shares, whatever runs inside — a recurrence, a causal convolution or a state-space
/// scan. It carries a <see cref="SequenceState"/> from one chunk to the next, so that truncated BPTT over a
/// contiguous stream gives the same outputs as one pass over the whole stream, and runs step by step for streaming
/// through <see cref="CreateStepper"/>. Every output at time t depends on inputs at times ≤ t only.
/// </summary>
public interface ISequenceLayer
{
    int InputSize { get; }

    int OutputSize { get; }

    /// <summary>The state before the first step for <paramref name="batch"/> rows (zeros).</summary>
    SequenceState ZeroState(int batch);

    /// <summary>
    /// Runs over <paramref name="input"/> (T, B, I) from <paramref name="state"/> (the zero state when null); returns
    /// the output (T, B, O) and the state after the last step, which the caller detaches before the next chunk.
    /// </summary>
    (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null);

    /// <summary>A runner for one step at a time over <paramref name="batch"/> rows, without gradients.</summary>
    ISequenceStepper CreateStepper(int batch = 1);
}
