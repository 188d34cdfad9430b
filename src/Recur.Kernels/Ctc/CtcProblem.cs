namespace Recur.Kernels.Ctc;

/// <summary>
/// The shape of one batched CTC loss (Graves et al. 2006): log-probabilities (T, N, C) time-major, per item n a
/// target l of length S_n (a span of <see cref="Labels"/>) and an input length T_n ≤ T. Built once per call, it holds
/// what depends only on the targets: the extended sequence l' = (blank, l_1, blank, …, l_S, blank) of length
/// L = 2S+1 (eq. 6's setting), padded to a multiple of four lanes, and the skip penalty: 0 where the transition
/// s−2 → s is allowed (l'_s is a label different from l'_{s−2}, eq. 7), <see cref="CtcKernel.LogZero"/> elsewhere.
/// Rows of the kernel's alpha/beta buffers are <see cref="Width"/> doubles: two padding cells either side of the
/// L (rounded up) cells, so that reading s−2 … s+2 never leaves the row.
/// </summary>
public sealed class CtcProblem
{
    readonly int[] labels, labelOffsets, labelLengths, inputLengths;
    readonly int[] rowOffsets;      // per item: offset of its extended-label row in Extended / Penalty
    readonly long[] alphaOffsets;   // per item: offset of its T_n × Width block in the alpha buffer

    /// <param name="maxTime">T, the time extent of the log-probabilities.</param>
    /// <param name="classes">C, including the blank.</param>
    /// <param name="labels">All targets' labels; item n's are labels[labelOffsets[n] .. + labelLengths[n]].</param>
    public CtcProblem(int maxTime, int classes, int blank, int[] labels, int[] labelOffsets, int[] labelLengths, int[] inputLengths)
    {
        ArgumentNullException.ThrowIfNull(labels); ArgumentNullException.ThrowIfNull(labelOffsets);
        ArgumentNullException.ThrowIfNull(labelLengths); ArgumentNullException.ThrowIfNull(inputLengths);
        if (maxTime < 0) throw new ArgumentException($"CtcLoss: the time extent must be non-negative, got {maxTime}.", nameof(maxTime));
        if (classes < 1) throw new ArgumentException($"CtcLoss: expected at least one class (the blank), got {classes}.", nameof(classes));
        if (blank < 0 || blank >= classes) throw new ArgumentException($"CtcLoss: blank {blank} is not a class index in [0, {classes}).", nameof(blank));
        int n = inputLengths.Length;
        if (labelOffsets.Length != n || labelLengths.Length != n)
            throw new ArgumentException($"CtcLoss: {n} input lengths but {labelLengths.Length} target lengths.", nameof(labelLengths));
        MaxTime = maxTime; Classes = classes; Blank = blank;
        this.labels = labels; this.labelOffsets = labelOffsets; this.labelLengths = labelLengths; this.inputLengths = inputLengths;
        rowOffsets = new int[n + 1];
        alphaOffsets = new long[n + 1];
        for (int i = 0; i < n; i++)
        {
            if (inputLengths[i] < 0 || inputLengths[i] > maxTime)
                throw new ArgumentException($"CtcLoss: input length of item {i} is {inputLengths[i]}, expected 0 … {maxTime} (the log-probabilities' time extent).", nameof(inputLengths));
            int s = labelLengths[i], start = labelOffsets[i];
            if (s < 0) throw new ArgumentException($"CtcLoss: target length of item {i} is {s}, expected ≥ 0.", nameof(labelLengths));
            if (start < 0 || start + s > labels.Length)
                throw new ArgumentException($"CtcLoss: target of item {i} ({start} + {s}) runs past the {labels.Length} labels.", nameof(labelOffsets));
            for (int j = 0; j < s; j++)
            {
                int label = labels[start + j];
                if (label == blank) throw new ArgumentException($"CtcLoss: target of item {i}, position {j}, is the blank ({blank}); targets must not contain it.", nameof(labels));
                if (label < 0 || label >= classes) throw new ArgumentException($"CtcLoss: target of item {i}, position {j}, is {label}, not a class index in [0, {classes}).", nameof(labels));
            }
            rowOffsets[i + 1] = rowOffsets[i] + Width(i);
            alphaOffsets[i + 1] = alphaOffsets[i] + (long)inputLengths[i] * Width(i);
        }
        Extended = new int[rowOffsets[n]];
        Penalty = new double[rowOffsets[n]];
        for (int i = 0; i < n; i++)
        {
            var ext = Extended.AsSpan(rowOffsets[i], Width(i));
            var pen = Penalty.AsSpan(rowOffsets[i], Width(i));
            ext.Fill(blank); pen.Fill(CtcKernel.LogZero);
            var l = Labels(i);
            for (int s = 1; s < ExtendedLength(i); s += 2)
            {
                ext[Pad + s] = l[s / 2];
                if (s >= 3 && l[s / 2] != l[s / 2 - 1]) pen[Pad + s] = 0;
            }
        }
    }

    /// <summary>Padding cells either side of a row.</summary>
    public const int Pad = 2;

    public int MaxTime { get; }

    public int Batch => inputLengths.Length;

    public int Classes { get; }

    public int Blank { get; }

    public int InputLength(int n) => inputLengths[n];

    public int TargetLength(int n) => labelLengths[n];

    public ReadOnlySpan<int> Labels(int n) => labels.AsSpan(labelOffsets[n], labelLengths[n]);

    /// <summary>L = 2S+1, the extended sequence's length.</summary>
    public int ExtendedLength(int n) => 2 * labelLengths[n] + 1;

    /// <summary>L rounded up to four lanes, plus <see cref="Pad"/> cells each side.</summary>
    public int Width(int n) => ((ExtendedLength(n) + 3) & ~3) + 2 * Pad;

    /// <summary>All items' l' rows (Width each, padding cells hold the blank).</summary>
    internal int[] Extended { get; }

    /// <summary>All items' skip penalties, added to alpha_{t−1}(s−2) (Width each).</summary>
    internal double[] Penalty { get; }

    internal int RowOffset(int n) => rowOffsets[n];

    /// <summary>Doubles in the alpha buffer the kernel fills: Σ_n T_n · Width(n).</summary>
    public long AlphaLength => alphaOffsets[^1];

    internal long AlphaOffset(int n) => alphaOffsets[n];

    /// <summary>Σ_n T_n · L_n: the cells one recursion visits, to decide whether threads pay.</summary>
    internal long Cells
    {
        get
        {
            long cells = 0;
            for (int i = 0; i < Batch; i++) cells += (long)inputLengths[i] * ExtendedLength(i);
            return cells;
        }
    }
}
