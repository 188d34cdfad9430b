namespace Recur.Nn;

/// <summary>
/// The targets of a batched CTC loss, in either of PyTorch's layouts: <see cref="Concatenated"/> (one 1-D array
/// of all targets back to back) or <see cref="Padded"/> (an (N, S) array, row n holding item n's labels first).
/// Item n's labels are <see cref="Labels"/>(n). Labels are checked against the class count and the blank by
/// <see cref="Functional.CtcLoss"/>, which knows them.
/// </summary>
public sealed class CtcTargets
{
    readonly int[] labels, offsets, lengths;

    CtcTargets(int[] labels, int[] offsets, int[] lengths) { this.labels = labels; this.offsets = offsets; this.lengths = lengths; }

    /// <summary>Targets back to back: item n is the lengths[n] labels after those of items 0 … n−1 (labels.Length = Σ lengths).</summary>
    public static CtcTargets Concatenated(int[] labels, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(labels); ArgumentNullException.ThrowIfNull(lengths);
        var offsets = new int[lengths.Length];
        long total = 0;
        for (int n = 0; n < lengths.Length; n++)
        {
            if (lengths[n] < 0) throw new ArgumentException($"CtcTargets: length of item {n} is {lengths[n]}, expected ≥ 0.", nameof(lengths));
            offsets[n] = (int)Math.Min(total, int.MaxValue);
            total += lengths[n];
        }
        if (total != labels.Length)
            throw new ArgumentException($"CtcTargets.Concatenated: the lengths sum to {total} but there are {labels.Length} labels.", nameof(labels));
        return new CtcTargets((int[])labels.Clone(), offsets, (int[])lengths.Clone());
    }

    /// <summary>Targets as an (N, maxLength) row-major array: item n is the first lengths[n] labels of row n; the rest is padding.</summary>
    public static CtcTargets Padded(int[] labels, int maxLength, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(labels); ArgumentNullException.ThrowIfNull(lengths);
        if (maxLength < 0) throw new ArgumentException($"CtcTargets.Padded: maxLength is {maxLength}, expected ≥ 0.", nameof(maxLength));
        if (labels.Length != (long)lengths.Length * maxLength)
            throw new ArgumentException($"CtcTargets.Padded: {lengths.Length} items × maxLength {maxLength} needs {(long)lengths.Length * maxLength} labels, got {labels.Length}.", nameof(labels));
        var offsets = new int[lengths.Length];
        for (int n = 0; n < lengths.Length; n++)
        {
            if (lengths[n] < 0 || lengths[n] > maxLength)
                throw new ArgumentException($"CtcTargets.Padded: length of item {n} is {lengths[n]}, expected 0 … {maxLength} (maxLength).", nameof(lengths));
            offsets[n] = n * maxLength;
        }
        return new CtcTargets((int[])labels.Clone(), offsets, (int[])lengths.Clone());
    }

    /// <summary>N, the number of items.</summary>
    public int Count => lengths.Length;

    /// <summary>S_n, the number of labels of item <paramref name="n"/>.</summary>
    public int Length(int n) => lengths[n];

    /// <summary>Item <paramref name="n"/>'s labels.</summary>
    public ReadOnlySpan<int> Labels(int n) => labels.AsSpan(offsets[n], lengths[n]);

    internal int[] AllLabels => labels;

    internal int[] Offsets => offsets;

    internal int[] Lengths => lengths;
}
