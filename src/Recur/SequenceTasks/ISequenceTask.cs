namespace Recur.SequenceTasks;

/// <summary>
/// A synthetic benchmark of long-range memory (Bai, Kolter &amp; Koltun 2018, §4.1–4.2): it draws batches of
/// time-major inputs (T, B, <see cref="InputSize"/>) with their targets, and scores a model's output. The model reads
/// the whole sequence; <see cref="Readout"/> says which of its outputs the loss looks at.
/// </summary>
public interface ISequenceTask
{
    /// <summary>A short name for tables and logs (<c>adding-600</c>, <c>copy-1000</c>).</summary>
    string Name { get; }

    /// <summary>Steps in every sequence (T).</summary>
    int SequenceLength { get; }

    /// <summary>Features per input step (I).</summary>
    int InputSize { get; }

    /// <summary>Outputs the model's head produces per scored step (O).</summary>
    int OutputSize { get; }

    /// <summary>Whether the loss reads the last step's output only (B, O) or every step's (T, B, O).</summary>
    SequenceReadout Readout { get; }

    /// <summary>locuslab/TCN's default learning rate for this task.</summary>
    double ReferenceLearningRate { get; }

    /// <summary>locuslab/TCN's default gradient-norm clip for this task; null where it does not clip.</summary>
    double? ReferenceClipNorm { get; }

    /// <summary>Draws <paramref name="batch"/> independent sequences from <paramref name="generator"/>.</summary>
    SequenceTaskBatch Sample(int batch, Generator generator);

    /// <summary>The training loss of <paramref name="prediction"/> (shaped as <see cref="Readout"/> says) against <paramref name="batch"/>'s targets: a scalar with a graph.</summary>
    Tensor Loss(Tensor prediction, SequenceTaskBatch batch);

    /// <summary>The fraction of <paramref name="batch"/>'s items answered right, for tasks that have one; null otherwise.</summary>
    double? Accuracy(Tensor prediction, SequenceTaskBatch batch);
}
