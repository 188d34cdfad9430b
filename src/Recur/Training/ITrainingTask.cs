using Recur.Nn;

namespace Recur.Training;

/// <summary>
/// What a <see cref="Trainer"/> needs from a task — a language model, a translator, a recogniser: the model to
/// optimise, the loss of the next batch, an evaluation, and the state beyond the weights that an exact resume needs
/// (data position, carried hidden state, vocabulary, settings). Everything generic — budgets, optimiser steps,
/// clipping, schedules, checkpoints, logs, charts, early stopping — belongs to the trainer.
/// </summary>
public interface ITrainingTask
{
    /// <summary>The kind of task, stored in the checkpoint so that a model directory of another kind is refused (<c>charlm</c>).</summary>
    string Name { get; }

    /// <summary>The model whose parameters are trained and saved, under their dotted names, as <c>model.safetensors</c>.</summary>
    Module Model { get; }

    /// <summary>
    /// Reads the next training batch and returns its loss (a scalar with a graph; the trainer calls
    /// <see cref="Tensor.Backward"/>). The model is in training mode.
    /// </summary>
    TrainingBatch NextBatch();

    /// <summary>Validation metrics (at least the one the trainer selects on, <c>loss</c> by default), computed without gradients.</summary>
    IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken);

    /// <summary>Adds the task's settings, vocabulary, data position and extra tensor files to a checkpoint being written.</summary>
    void Save(CheckpointContents contents);

    /// <summary>Restores what <see cref="Save"/> wrote (the weights and optimiser state are restored by the trainer).</summary>
    void Restore(TrainingCheckpoint checkpoint);
}
