namespace Recur.SequenceTasks;

/// <summary>
/// One batch of a <see cref="ISequenceTask"/>: the input (T, B, I), time-major, and the targets — real values
/// (B, O) for a regression task (<see cref="Values"/>), or class ids (T·B, time-major: step t of row b at t·B + b)
/// for a per-step classification task (<see cref="Labels"/>). The other is null.
/// </summary>
public sealed record SequenceTaskBatch(Tensor Input, Tensor? Values, int[]? Labels)
{
    /// <summary>Rows in the batch (B).</summary>
    public int Batch => Input.Shape[1];
}
