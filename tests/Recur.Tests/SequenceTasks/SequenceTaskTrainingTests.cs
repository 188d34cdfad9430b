using Recur.Nn;
using Recur.SequenceTasks;

namespace Recur.Tests.SequenceTasks;

public class SequenceTaskTrainingTests
{
    static SequenceTaskModel LstmFor(ISequenceTask task, int hidden, ulong seed = 1) =>
        new(new Lstm(task.InputSize, hidden, generator: new Generator(seed)), task, new Generator(seed + 1));

    [Fact]
    public void AnLstmLearnsTheShortAddingProblemWellBelowTheBaseline()
    {
        var task = new AddingProblem(10);
        var options = SequenceTaskTrainingOptions.For(task, steps: 400) with { LearningRate = 1e-2, TestSize = 500, EvalBatchSize = 250 };
        var untrained = SequenceTaskTraining.Evaluate(task, LstmFor(task, 16),
            SequenceTaskTraining.TestSet(task, options, new Generator(1)));
        var result = SequenceTaskTraining.Run(task, LstmFor(task, 16), options);
        Assert.Equal(400, result.Steps);
        Assert.False(result.Diverged);
        Assert.Null(result.TestAccuracy);
        Assert.True(untrained.Loss > 0.1, $"untrained MSE {untrained.Loss}");
        Assert.True(result.TestLoss < 0.03, $"test MSE {result.TestLoss} after 400 steps, baseline {AddingProblem.BaselineMse:F3}");
        Assert.Equal(LstmFor(task, 16).ParameterCount, result.Parameters);
    }

    [Fact]
    public void AnLstmLearnsAShortCopyTaskBeyondChance()
    {
        // Blank 4, memory 2, one-hot: chance recall is 1/8. 800 steps: at 400 the fixed-seed run sat at the bar (0.385
        // with AVX-512, 0.30 on the scalar path of CPUs without AVX2); at 800 it recalls 0.46 and 0.535.
        var task = new CopyMemory(blank: 4, memory: 2, CopyInputEncoding.OneHot);
        var options = SequenceTaskTrainingOptions.For(task, steps: 800) with { LearningRate = 1e-2, TestSize = 200, EvalBatchSize = 200 };
        var result = SequenceTaskTraining.Run(task, LstmFor(task, 32), options);
        Assert.True(result.TestAccuracy > 0.35, $"recall accuracy {result.TestAccuracy}");
        Assert.True(result.TestLoss < task.BaselineLoss, $"test loss {result.TestLoss}, blank-then-guess baseline {task.BaselineLoss:F3}");
    }

    [Fact]
    public void RunsAreSeededAndReportProgress()
    {
        var task = new AddingProblem(6);
        var options = SequenceTaskTrainingOptions.For(task, steps: 6) with { TestSize = 20, EvalBatchSize = 8, EvalEvery = 3, BatchSize = 4 };
        var reports = new List<SequenceTaskProgress>();
        var first = SequenceTaskTraining.Run(task, LstmFor(task, 4), options, new SyncProgress(reports));
        var second = SequenceTaskTraining.Run(task, LstmFor(task, 4), options);
        Assert.Equal(first.TestLoss, second.TestLoss);
        Assert.Equal(first.LastTrainLoss, second.LastTrainLoss);
        Assert.Equal([1, 2, 3, 4, 5, 6, 6], reports.Select(r => r.Step));
        Assert.Equal([false, false, true, false, false, false, true], reports.Select(r => r.TestLoss is not null));
        Assert.Equal(first.TestLoss, reports[^1].TestLoss);
    }

    [Fact]
    public void ANonFiniteLossStopsTheRunAndIsReported()
    {
        // A ReLU RNN at a learning rate of 10⁴ overflows within a few steps.
        var task = new AddingProblem(40);
        var model = new SequenceTaskModel(new Rnn(2, 8, nonlinearity: RnnNonlinearity.Relu, generator: new Generator(1)), task, new Generator(2));
        var result = SequenceTaskTraining.Run(task, model,
            SequenceTaskTrainingOptions.For(task, 200) with { LearningRate = 1e4, TestSize = 8, EvalBatchSize = 8 });
        Assert.True(result.Diverged);
        Assert.InRange(result.Steps, 0, 199);
        Assert.False(double.IsFinite(result.LastTrainLoss));
    }

    [Fact]
    public void CancellationStopsTheRun()
    {
        var task = new AddingProblem(6);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            SequenceTaskTraining.Run(task, LstmFor(task, 4), SequenceTaskTrainingOptions.For(task, 5), cancellationToken: cts.Token));
    }

    [Fact]
    public void TheModelNamesItsPartsAndReadsOutAsTheTaskSays()
    {
        var adding = LstmFor(new AddingProblem(5), 3);
        Assert.Equal(["body.weight_ih_l0", "body.weight_hh_l0", "body.bias_ih_l0", "body.bias_hh_l0", "head.weight", "head.bias"],
            adding.NamedParameters().Select(p => p.Name));
        Assert.Equal([4, 1], adding.Forward(Tensor.Zeros(5, 4, 2)).Shape.ToArray());
        var copy = LstmFor(new CopyMemory(2, 1), 3);
        Assert.Equal([4, 2, 10], copy.Forward(Tensor.Zeros(4, 2, 1)).Shape.ToArray());

        var e = Assert.Throws<ArgumentException>(() => new SequenceTaskModel(new Lstm(3, 4), new AddingProblem(5)));
        Assert.Contains("2 features", e.Message);
        Assert.Throws<ArgumentException>(() => adding.Forward(Tensor.Zeros(5, 4, 3)));
        Assert.Throws<ArgumentException>(() => SequenceTaskTraining.Run(new CopyMemory(3, 1), LstmFor(new AddingProblem(5), 3),
            new SequenceTaskTrainingOptions { Steps = 1 }));
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SyncProgress(List<SequenceTaskProgress> into) : IProgress<SequenceTaskProgress>
    {
        public void Report(SequenceTaskProgress value) => into.Add(value);
    }
}
