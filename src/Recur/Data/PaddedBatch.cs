namespace Recur.Data;

/// <summary>
/// Variable-length sequences as one time-major batch: <see cref="Ids"/> (T, B) flattened with T the longest length
/// and shorter rows padded with <see cref="TokenVocabulary.PadId"/>, <see cref="Lengths"/> per row (PyTorch's
/// packed-sequence lengths, in row order), <see cref="Mask"/> (T, B) 1 for real tokens and 0 for padding, and the
/// indices of the examples the rows hold.
/// </summary>
public sealed record PaddedBatch(int[] Ids, int Steps, int Batch, int[] Lengths, float[] Mask, int[] Examples)
{
    /// <summary>Pads <paramref name="sequences"/> (one per row, in order) into a time-major batch.</summary>
    public static PaddedBatch FromSequences(IReadOnlyList<int[]> sequences, int[] examples)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("A batch needs at least one sequence.", nameof(sequences));
        int B = sequences.Count, T = sequences.Max(s => s.Length);
        var ids = new int[T * B];
        var mask = new float[T * B];
        var lengths = new int[B];
        for (int b = 0; b < B; b++)
        {
            var s = sequences[b];
            lengths[b] = s.Length;
            for (int t = 0; t < s.Length; t++) { ids[t * B + b] = s[t]; mask[t * B + b] = 1f; }
        }
        return new PaddedBatch(ids, T, B, lengths, mask, examples);
    }

    /// <summary>Real (unpadded) tokens in the batch.</summary>
    public int Tokens => Lengths.Sum();
}
