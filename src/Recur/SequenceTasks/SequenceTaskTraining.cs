using System.Diagnostics;
using Recur.Optim;

namespace Recur.SequenceTasks;

/// <summary>
/// Trains a <see cref="SequenceTaskModel"/> on a <see cref="ISequenceTask"/> for a fixed number of Adam steps, each on
/// a fresh batch, and scores it on a fixed held-out test set — the comparison of Bai et al. (2018), Table 1, within a
/// CPU budget. A straight-line loop rather than <see cref="Training.Trainer"/>: a budgeted benchmark run needs no
/// checkpoints, journal or model directory, and its wall time should count training steps only.
/// </summary>
public static class SequenceTaskTraining
{
    /// <summary>
    /// Runs <paramref name="options"/>.Steps steps and returns the final test score. Stops early, with
    /// <see cref="SequenceTaskResult.Diverged"/> set, at the first non-finite training loss.
    /// </summary>
    public static SequenceTaskResult Run(ISequenceTask task, SequenceTaskModel model, SequenceTaskTrainingOptions options,
        IProgress<SequenceTaskProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task); ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (model.Body.InputSize != task.InputSize)
            throw new ArgumentException($"{task.Name} feeds {task.InputSize} features per step but the model reads {model.Body.InputSize}.", nameof(model));
        if (model.Readout != task.Readout)
            throw new ArgumentException($"{task.Name} scores {task.Readout} but the model reads out {model.Readout}.", nameof(model));

        // Two streams from one seed: the test set stays the same whatever the step budget or batch size.
        var train = new Generator(options.Seed);
        var test = TestSet(task, options, new Generator(options.Seed ^ 0x7E57_5E7UL));
        var parameters = model.Parameters().ToList();
        var adam = new Adam(parameters, options.LearningRate);
        var clock = new Stopwatch();
        double lastLoss = double.NaN;
        int step = 0;
        bool diverged = false;
        while (step < options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Start();
            model.Train();
            var batch = task.Sample(options.BatchSize, train);
            adam.ZeroGrad();
            var loss = task.Loss(model.Forward(batch.Input), batch);
            lastLoss = loss.Item();
            if (!double.IsFinite(lastLoss)) { clock.Stop(); diverged = true; break; }
            loss.Backward();
            if (options.ClipNorm is double clip) GradientClipping.ClipGradNorm(parameters, clip);
            adam.Step();
            clock.Stop();
            step++;
            if (options.EvalEvery > 0 && step % options.EvalEvery == 0 && step < options.Steps)
            {
                var (l, a) = Evaluate(task, model, test, cancellationToken);
                progress?.Report(new SequenceTaskProgress(step, options.Steps, lastLoss, l, a));
            }
            else progress?.Report(new SequenceTaskProgress(step, options.Steps, lastLoss));
        }
        var (testLoss, accuracy) = Evaluate(task, model, test, cancellationToken);
        progress?.Report(new SequenceTaskProgress(step, options.Steps, lastLoss, testLoss, accuracy));
        return new SequenceTaskResult(task.Name, step, testLoss, accuracy, lastLoss, model.ParameterCount, clock.Elapsed, diverged);
    }

    /// <summary>The test loss and accuracy of <paramref name="model"/> over <paramref name="test"/>, weighted by rows, without gradients.</summary>
    public static (double Loss, double? Accuracy) Evaluate(ISequenceTask task, SequenceTaskModel model, IReadOnlyList<SequenceTaskBatch> test,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task); ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(test);
        bool wasTraining = model.Training;
        model.Eval();
        using var _ = Tensor.NoGrad();
        double loss = 0, correct = 0;
        int rows = 0;
        bool hasAccuracy = false;
        foreach (var batch in test)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prediction = model.Forward(batch.Input);
            loss += task.Loss(prediction, batch).Item() * batch.Batch;
            if (task.Accuracy(prediction, batch) is double a) { correct += a * batch.Batch; hasAccuracy = true; }
            rows += batch.Batch;
        }
        model.Train(wasTraining);
        return (loss / rows, hasAccuracy ? correct / rows : null);
    }

    /// <summary>The held-out sequences, <see cref="SequenceTaskTrainingOptions.TestSize"/> of them in batches of at most EvalBatchSize.</summary>
    public static IReadOnlyList<SequenceTaskBatch> TestSet(ISequenceTask task, SequenceTaskTrainingOptions options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(task); ArgumentNullException.ThrowIfNull(options); ArgumentNullException.ThrowIfNull(generator);
        var batches = new List<SequenceTaskBatch>();
        for (int done = 0; done < options.TestSize; done += options.EvalBatchSize)
            batches.Add(task.Sample(Math.Min(options.EvalBatchSize, options.TestSize - done), generator));
        return batches;
    }
}
