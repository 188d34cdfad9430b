using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>
/// The decoder's state between steps: the cell's state s (B, H) [and c], and for Luong attention the previous
/// attentional vector h̃_{t−1} (B, H) that input feeding concatenates to the next input (null otherwise).
/// </summary>
public readonly record struct DecoderState(RecurrentState Cell, Tensor? Feed)
{
    public DecoderState Select(ReadOnlySpan<int> rows) =>
        new(new RecurrentState(Cell.H.IndexSelect(0, rows), Cell.C?.IndexSelect(0, rows)), Feed?.IndexSelect(0, rows));
}
