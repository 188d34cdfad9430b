namespace Recur.LanguageModels;

/// <summary>
/// A token sequence cut into B contiguous streams, one per batch row, read in time-major chunks for truncated
/// back-propagation through time: row b is tokens [b·L, (b+1)·L) with L = ⌊N / B⌋ (the tail is dropped), so the
/// hidden state left by one chunk is the right starting state for the next chunk of the same row.
/// This is the layout of Karpathy's char-rnn and of <c>data[:L*B].view(B, L).t()</c> in PyTorch.
/// </summary>
public sealed class TextStreams
{
    readonly int[] tokens;

    public TextStreams(int[] tokens, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be at least 1.");
        if (tokens.Length < 2 * batchSize)
            throw new ArgumentException($"{tokens.Length} tokens cannot fill {batchSize} streams of at least 2 tokens.", nameof(tokens));
        this.tokens = tokens;
        BatchSize = batchSize;
        Length = tokens.Length / batchSize;
    }

    /// <summary>B, the number of streams.</summary>
    public int BatchSize { get; }

    /// <summary>L, the tokens in each stream.</summary>
    public int Length { get; }

    /// <summary>True when a full chunk of <paramref name="steps"/> inputs and their next-token targets starts at <paramref name="position"/>.</summary>
    public bool HasFullChunk(int position, int steps) => position >= 0 && position + steps + 1 <= Length;

    /// <summary>
    /// Inputs x[t, b] = stream_b[position + t] and targets y[t, b] = stream_b[position + t + 1], each (T, B)
    /// flattened time-major, for T = min(<paramref name="steps"/>, L − 1 − position).
    /// </summary>
    public (int[] Inputs, int[] Targets, int Steps) Chunk(int position, int steps)
    {
        int T = Math.Min(steps, Length - 1 - position);
        if (position < 0 || T < 1) throw new ArgumentOutOfRangeException(nameof(position), position, $"No chunk starts at {position} in streams of length {Length}.");
        int B = BatchSize;
        var inputs = new int[T * B];
        var targets = new int[T * B];
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
            {
                int source = b * Length + position + t;
                inputs[t * B + b] = tokens[source];
                targets[t * B + b] = tokens[source + 1];
            }
        return (inputs, targets, T);
    }

    /// <summary>
    /// The first ⌊N·(1 − f)⌋ tokens train and the rest validate, as <c>n = int(0.9 * len(data))</c> does for f = 0.1.
    /// Decimal arithmetic keeps 1 − f exact so the boundary matches the Python split.
    /// </summary>
    public static (int[] Train, int[] Validation) Split(int[] tokens, double validationFraction)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (validationFraction is <= 0 or >= 1 || double.IsNaN(validationFraction))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must lie strictly between 0 and 1.");
        int n = (int)(tokens.Length * (1m - (decimal)validationFraction));
        return (tokens[..n], tokens[n..]);
    }
}
