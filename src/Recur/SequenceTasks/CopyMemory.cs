using Recur.Nn;

namespace Recur.SequenceTasks;

/// <summary>
/// The copy-memory task (Hochreiter &amp; Schmidhuber 1997; Arjovsky et al. 2016) as locuslab/TCN's generator builds
/// it, for a blank of T steps and a memory of M = 10 symbols: the input is M digits drawn uniformly from 1–8, then
/// T − 1 blanks (0), then M + 1 copies of the delimiter 9 — T + 2M steps in all; the target is T + M blanks followed
/// by the M digits. The model must output the digits in order over the last M steps, after the delimiter appears.
/// The loss is the mean cross-entropy over all T + 2M steps and ten classes, as locuslab scores it; the accuracy is
/// the fraction of digits recalled over the last M steps (locuslab's counts every step, mostly blanks).
/// Always answering a blank, then a uniform guess among the eight digits, scores M·ln 8 / (T + 2M): 0.0204 at T = 1000,
/// where Bai et al. (2018) report their LSTM.
/// </summary>
public sealed class CopyMemory : ISequenceTask
{
    public const int Classes = 10, Blank = 0, Delimiter = 9;

    /// <param name="blank">T, the blank time between the digits and the delimiter (locuslab: 1000).</param>
    /// <param name="memory">M, the digits to remember (locuslab: 10).</param>
    public CopyMemory(int blank, int memory = 10, CopyInputEncoding encoding = CopyInputEncoding.Scalar)
    {
        if (blank < 1) throw new ArgumentOutOfRangeException(nameof(blank), blank, "The blank must last at least one step.");
        if (memory < 1) throw new ArgumentOutOfRangeException(nameof(memory), memory, "There must be at least one digit to copy.");
        if (!Enum.IsDefined(encoding)) throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown input encoding.");
        (BlankLength, MemoryLength, Encoding) = (blank, memory, encoding);
    }

    /// <summary>T: blanks between the last digit and the delimiter's last step, as locuslab counts them.</summary>
    public int BlankLength { get; }

    /// <summary>M: digits to remember.</summary>
    public int MemoryLength { get; }

    public CopyInputEncoding Encoding { get; }

    public string Name => $"copy-{BlankLength}";

    /// <summary>T + 2M.</summary>
    public int SequenceLength => BlankLength + 2 * MemoryLength;

    public int InputSize => Encoding == CopyInputEncoding.OneHot ? Classes : 1;

    public int OutputSize => Classes;

    public SequenceReadout Readout => SequenceReadout.EveryStep;

    /// <summary>5·10⁻⁴, locuslab's copymem_test.py default (with RMSprop there; Adam here).</summary>
    public double ReferenceLearningRate => 5e-4;

    /// <summary>1, locuslab's copymem_test.py default.</summary>
    public double? ReferenceClipNorm => 1.0;

    /// <summary>The loss of answering blanks, then a uniform guess among the eight digits: M·ln 8 / (T + 2M).</summary>
    public double BaselineLoss => MemoryLength * Math.Log(8) / SequenceLength;

    /// <summary>The symbols of one sequence: <paramref name="digits"/> (M of them), blanks, delimiters.</summary>
    public int[] InputSymbols(ReadOnlySpan<int> digits)
    {
        if (digits.Length != MemoryLength) throw new ArgumentException($"{Name} remembers {MemoryLength} digits, got {digits.Length}.", nameof(digits));
        var symbols = new int[SequenceLength];
        digits.CopyTo(symbols);
        symbols.AsSpan(MemoryLength + BlankLength - 1).Fill(Delimiter);
        return symbols;
    }

    /// <summary>The targets of one sequence: blanks, then <paramref name="digits"/> over the last M steps.</summary>
    public int[] TargetSymbols(ReadOnlySpan<int> digits)
    {
        if (digits.Length != MemoryLength) throw new ArgumentException($"{Name} remembers {MemoryLength} digits, got {digits.Length}.", nameof(digits));
        var symbols = new int[SequenceLength];
        digits.CopyTo(symbols.AsSpan(SequenceLength - MemoryLength));
        return symbols;
    }

    /// <summary>Input (T + 2M, B, I) encoded as <see cref="Encoding"/> says, and labels (T + 2M)·B, time-major.</summary>
    public SequenceTaskBatch Sample(int batch, Generator generator)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A batch needs at least one row.");
        ArgumentNullException.ThrowIfNull(generator);
        int L = SequenceLength, I = InputSize;
        var input = new float[L * batch * I];          // (L, B, I)
        var labels = new int[L * batch];               // (L, B)
        var digits = new int[MemoryLength];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < digits.Length; i++) digits[i] = 1 + generator.NextInt(8);
            var x = InputSymbols(digits);
            var y = TargetSymbols(digits);
            for (int t = 0; t < L; t++)
            {
                int row = t * batch + b;
                if (I == 1) input[row] = x[t];
                else input[row * I + x[t]] = 1f;
                labels[row] = y[t];
            }
        }
        return new SequenceTaskBatch(Tensor.FromArray(input, L, batch, I), null, labels);
    }

    public Tensor Loss(Tensor prediction, SequenceTaskBatch batch)
    {
        var labels = CheckPrediction(prediction, batch);
        return Functional.CrossEntropy(prediction.Reshape(labels.Length, Classes), labels);   // (L·B, 10)
    }

    /// <summary>The fraction of the last M steps, over all rows, whose most likely class is the digit to recall.</summary>
    public double? Accuracy(Tensor prediction, SequenceTaskBatch batch)
    {
        var labels = CheckPrediction(prediction, batch);
        var logits = prediction.ToArray();
        int B = batch.Batch, correct = 0;
        for (int row = (SequenceLength - MemoryLength) * B; row < labels.Length; row++)
        {
            var scores = logits.AsSpan(row * Classes, Classes);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores) == labels[row]) correct++;
        }
        return (double)correct / (MemoryLength * B);
    }

    int[] CheckPrediction(Tensor prediction, SequenceTaskBatch batch)
    {
        var labels = batch.Labels ?? throw new ArgumentException("A copy-memory batch carries labels.", nameof(batch));
        int[] expected = [SequenceLength, batch.Batch, Classes];
        if (!prediction.Shape.SequenceEqual(expected))
            throw new ArgumentException($"{Name}: the prediction must have shape {Tensor.ShapeString(expected)} (every step's output), got {Tensor.ShapeString(prediction.Shape)}.", nameof(prediction));
        return labels;
    }
}
