using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>
/// What the decoder reads of an encoded batch: the encoder outputs h_j as <see cref="States"/> (B, S, He), zero past
/// each row's length; the attention's precomputed <see cref="Keys"/> (null without attention); <see cref="Padding"/>
/// (B, S), 1 at padded positions, which the softmax excludes; <see cref="Summary"/> (B, He), the mean of each row's
/// real outputs (the fixed context of the attention-free model and the bridge's input); the encoder's final state.
/// </summary>
public sealed record EncoderMemory(Tensor States, Tensor? Keys, Tensor Padding, Tensor Summary, int[] Lengths, RecurrentState Final)
{
    public int Batch => States.Size(0);
    public int SourceSteps => States.Size(1);

    /// <summary>The memory of rows <paramref name="rows"/> (repeats allowed): a beam's reordering of its sentences.</summary>
    public EncoderMemory Select(ReadOnlySpan<int> rows)
    {
        var lengths = new int[rows.Length];
        for (int r = 0; r < rows.Length; r++) lengths[r] = Lengths[rows[r]];
        return new EncoderMemory(States.IndexSelect(0, rows), Keys?.IndexSelect(0, rows), Padding.IndexSelect(0, rows), Summary.IndexSelect(0, rows),
            lengths, new RecurrentState(Final.H.IndexSelect(1, rows), Final.C?.IndexSelect(1, rows)));
    }
}
