using Recur.Nn;

namespace Recur.SequenceTasks;

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997) as locuslab/TCN defines it: each step carries two features,
/// a value drawn uniformly from [0, 1) and a marker that is 1 at exactly two steps and 0 elsewhere; the target is the
/// sum of the two marked values, read from the last step's output and scored by mean squared error. Predicting the
/// mean, 1, scores the variance of that sum, 1/6 ≈ 0.167: the baseline a model must beat.
/// </summary>
public sealed class AddingProblem : ISequenceTask
{
    /// <param name="length">Steps per sequence, T (locuslab: 200, 400, 600).</param>
    /// <param name="markers">Where the two markers go; locuslab draws them anywhere.</param>
    public AddingProblem(int length, AddingMarkers markers = AddingMarkers.Anywhere)
    {
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, "The adding problem needs at least two steps to mark.");
        if (!Enum.IsDefined(markers)) throw new ArgumentOutOfRangeException(nameof(markers), markers, "Unknown marker placement.");
        SequenceLength = length;
        Markers = markers;
    }

    public AddingMarkers Markers { get; }

    public string Name => $"adding-{SequenceLength}";

    public int SequenceLength { get; }

    /// <summary>Two: the value, then the marker.</summary>
    public int InputSize => 2;

    public int OutputSize => 1;

    public SequenceReadout Readout => SequenceReadout.LastStep;

    /// <summary>Adam at 4·10⁻³, locuslab's add_test.py default.</summary>
    public double ReferenceLearningRate => 4e-3;

    /// <summary>None: locuslab's add_test.py does not clip (clip −1).</summary>
    public double? ReferenceClipNorm => null;

    /// <summary>The variance of the target, 1/6: the test MSE of always answering 1.</summary>
    public static double BaselineMse => 1.0 / 6.0;

    /// <summary>Input (T, B, 2) and target values (B, 1).</summary>
    public SequenceTaskBatch Sample(int batch, Generator generator)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A batch needs at least one row.");
        ArgumentNullException.ThrowIfNull(generator);
        int T = SequenceLength;
        var input = new float[T * batch * 2];          // (T, B, 2)
        var target = new float[batch];                 // (B, 1)
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < T; t++) input[(t * batch + b) * 2] = generator.NextFloat();
            var (first, second) = MarkerSteps(generator);
            input[(first * batch + b) * 2 + 1] = 1f;
            input[(second * batch + b) * 2 + 1] = 1f;
            target[b] = input[(first * batch + b) * 2] + input[(second * batch + b) * 2];
        }
        return new SequenceTaskBatch(Tensor.FromArray(input, T, batch, 2), Tensor.FromArray(target, batch, 1), null);
    }

    (int, int) MarkerSteps(Generator generator)
    {
        int T = SequenceLength;
        if (Markers == AddingMarkers.OneInEachHalf) return (generator.NextInt(T / 2), T / 2 + generator.NextInt(T - T / 2));
        // Two distinct steps, uniformly: the second is drawn from the T − 1 steps left.
        int first = generator.NextInt(T), second = generator.NextInt(T - 1);
        return (first, second >= first ? second + 1 : second);
    }

    public Tensor Loss(Tensor prediction, SequenceTaskBatch batch)
    {
        var values = batch.Values ?? throw new ArgumentException("An adding-problem batch carries target values.", nameof(batch));
        if (!prediction.Shape.SequenceEqual(values.Shape))
            throw new ArgumentException($"{Name}: the prediction must have shape {Tensor.ShapeString(values.Shape)} (the last step's output), got {Tensor.ShapeString(prediction.Shape)}.", nameof(prediction));
        return Functional.MseLoss(prediction, values);
    }

    /// <summary>None: the adding problem is scored by its squared error alone.</summary>
    public double? Accuracy(Tensor prediction, SequenceTaskBatch batch) => null;
}
