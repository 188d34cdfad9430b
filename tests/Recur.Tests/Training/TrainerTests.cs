using Recur.Optim;
using Recur.Serialization;
using Recur.Training;

namespace Recur.Tests.Training;

public class TrainerTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-trainer-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    static (RegressionTask Task, Trainer Trainer) Make(TrainerOptions options, IEnumerable<double>? scripted = null, int? poison = null, int batch = 6, double lr = 0.05)
    {
        var generator = new Generator(3);
        var task = new RegressionTask(generator, batch, scripted) { PoisonBatch = poison };
        return (task, new Trainer(task, new Sgd(task.Model.Parameters(), lr), options, generator));
    }

    sealed class Recorder : IProgress<TrainingProgress>
    {
        public readonly List<TrainingProgress> Reports = [];
        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    [Fact]
    public void ANonFiniteGradientStopsTrainingNamingTheStepAndParameterAndLeavesTheLastCheckpoint()
    {
        string dir = Path.Combine(root, "nan");
        var (task, trainer) = Make(new TrainerOptions { Budget = new(Steps: 10), EvalEvery = 2, Directory = dir }, poison: 5);
        var e = Assert.Throws<NonFiniteTrainingException>(() => trainer.Run());
        Assert.Equal(5, e.Step);
        Assert.Equal("head.weight", e.Parameter);
        Assert.Contains("step 5", e.Message);
        Assert.Contains("head.weight", e.Message);
        Assert.Contains("from step 4", e.Message);
        // The poisoned step never reached the weights, and the checkpoint on disk is step 4's, intact.
        var checkpoint = TrainingCheckpoint.Open(dir, "regression");
        Assert.Equal(4, (int)checkpoint.Manifest["progress"]!["step"]!);
        var saved = checkpoint.ReadTensors(Trainer.ModelFile);
        foreach (var (name, p) in task.Model.NamedParameters())
            Assert.Equal(saved[name].ToArray(), p.ToArray());
        Assert.All(task.Model.Parameters(), p => Assert.All(p.ToArray(), v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void ANonFiniteLossStopsTrainingNamingTheStep()
    {
        var generator = new Generator(1);
        var task = new LossTask(generator, [1.5f, 2f, float.PositiveInfinity]);
        var trainer = new Trainer(task, new Sgd(task.Model.Parameters(), 0.1), new TrainerOptions { Budget = new(Steps: 5) }, generator);
        var e = Assert.Throws<NonFiniteTrainingException>(() => trainer.Run());
        Assert.Equal(3, e.Step);
        Assert.Null(e.Parameter);
        Assert.Contains("the loss is Infinity", e.Message);
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEvaluationsAndKeepsTheBestCheckpoint()
    {
        string dir = Path.Combine(root, "early");
        var recorder = new Recorder();
        var (_, trainer) = Make(new TrainerOptions { Budget = new(Steps: 100), EvalEvery = 3, Directory = dir, EarlyStopping = new EarlyStopping(Patience: 2) },
            scripted: [5.0, 4.0, 4.5, 4.2, 3.0]);
        var result = trainer.Run(recorder);
        // Evaluations at steps 3, 6, 9, 12: 4.0 at step 6 is best, 4.5 and 4.2 miss it twice, so training stops at 12.
        Assert.Equal(TrainingOutcome.EarlyStopped, result.Outcome);
        Assert.Equal(12, result.Step);
        Assert.Equal(6, result.BestStep);
        Assert.Equal(4.0, result.BestMetrics!["loss"]);
        Assert.Equal(4.2, result.LastMetrics!["loss"]);
        Assert.Equal([true, true, false, false], recorder.Reports.Where(r => r.Event == TrainingEvent.Evaluated).Select(r => r.IsBest));
        Assert.Equal(6, (int)TrainingCheckpoint.Open(Path.Combine(dir, Trainer.BestDir)).Manifest["progress"]!["step"]!);
        Assert.Equal(12, (int)TrainingCheckpoint.Open(dir).Manifest["progress"]!["step"]!);
    }

    [Fact]
    public void PlateauDecayHalvesTheRateAfterEachNonImprovingEvaluation()
    {
        var recorder = new Recorder();
        var (_, trainer) = Make(new TrainerOptions { Budget = new(Steps: 8), EvalEvery = 2, PlateauDecay = new PlateauDecay(0.5, Patience: 1) },
            scripted: [3.0, 3.5, 2.0, 2.5], lr: 0.2);
        trainer.Run(recorder);
        var rates = recorder.Reports.Where(r => r.Event == TrainingEvent.Step).Select(r => r.LearningRate!.Value).ToArray();
        // Evaluations after steps 2 (best), 4 (worse: ×0.5), 6 (best), 8 (worse: ×0.5 again).
        Assert.Equal([0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1], rates);
    }

    [Fact]
    public void AccumulatingTwoBatchesEqualsOneStepOnBoth()
    {
        var (a, accumulated) = Make(new TrainerOptions { Budget = new(Steps: 3), AccumulationSteps = 2 }, batch: 6);
        var (b, whole) = Make(new TrainerOptions { Budget = new(Steps: 3) }, batch: 12);
        accumulated.Run();
        whole.Run();
        Assert.Equal(6 * 6, accumulated.Tokens);
        foreach (var ((name, p), (_, q)) in a.Model.NamedParameters().Zip(b.Model.NamedParameters()))
        {
            var (x, y) = (p.ToArray(), q.ToArray());
            for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) <= 1e-6f, $"{name}[{i}]: {x[i]} vs {y[i]}");
        }
        Assert.Equal(1, accumulated.Epoch);   // 36 rows read of 24: one pass completed
    }

    [Fact]
    public void EpochBudgetCountsPassesOverTheData()
    {
        var (_, trainer) = Make(new TrainerOptions { Budget = new(Epochs: 2) });
        var result = trainer.Run();
        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        Assert.Equal(2, result.Epoch);
        Assert.Equal(8, result.Step);    // 4 batches of 6 per epoch of 24 rows
    }

    [Fact]
    public void InterruptedAndResumedRunEndsIdenticalIncludingPlateauState()
    {
        var options = new TrainerOptions { Budget = new(Steps: 12), EvalEvery = 2, PlateauDecay = new PlateauDecay(0.5, 1) };
        var (straightTask, straight) = Make(options with { Directory = Path.Combine(root, "straight") });
        straight.Run();

        string dir = Path.Combine(root, "resumed");
        using var cancel = new CancellationTokenSource();
        var (_, first) = Make(options with { Directory = dir });
        var stop = new Recur.Tests.LanguageModels.ExactResumeTests.CancelAt(7, cancel);
        Assert.Equal(TrainingOutcome.Interrupted, first.Run(stop, cancel.Token).Outcome);
        var (task, second) = Make(options with { Directory = dir, Budget = null });
        second.Restore(TrainingCheckpoint.Open(dir, "regression"));
        Assert.Equal(TrainingOutcome.Finished, second.Run().Outcome);
        foreach (var ((name, p), (_, q)) in straightTask.Model.NamedParameters().Zip(task.Model.NamedParameters()))
            Assert.True(p.ToArray().AsSpan().SequenceEqual(q.ToArray()), name);
        Assert.Equal(Recur.Tests.LanguageModels.ExactResumeTests.MetricsLogLines(Path.Combine(root, "straight", Trainer.LogFile)),
            Recur.Tests.LanguageModels.ExactResumeTests.MetricsLogLines(Path.Combine(dir, Trainer.LogFile)));
    }

    [Fact]
    public void AnUnboundedRunThatCannotBeCancelledIsRefused()
    {
        var (_, trainer) = Make(new TrainerOptions());
        Assert.Throws<InvalidOperationException>(() => trainer.Run());
    }

    [Fact]
    public void ThreadLimitIsScopedToTheRun()
    {
        int before = Recur.Kernels.Parallelism.MaxThreads;
        var seen = new List<int>();
        var (_, trainer) = Make(new TrainerOptions { Budget = new(Steps: 2), Threads = 1 });
        trainer.Run(new InlineProgress(_ => seen.Add(Recur.Kernels.Parallelism.MaxThreads)));
        Assert.All(seen, n => Assert.Equal(1, n));
        Assert.Equal(before, Recur.Kernels.Parallelism.MaxThreads);
    }

    sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>Cancels from inside the evaluation of the given step, as a Ctrl-C during a long validation pass does.</summary>
    sealed class CancellingTask(RegressionTask inner, CancellationTokenSource source, int cancelAtEvaluation) : ITrainingTask
    {
        int evaluations;
        public string Name => inner.Name;
        public Recur.Nn.Module Model => inner.Model;
        public TrainingBatch NextBatch() => inner.NextBatch();
        public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
        {
            if (++evaluations == cancelAtEvaluation) source.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            return inner.Evaluate(cancellationToken);
        }
        public void Save(CheckpointContents contents) => inner.Save(contents);
        public void Restore(TrainingCheckpoint checkpoint) => inner.Restore(checkpoint);
    }

    [Theory]
    [InlineData(2)]   // during an evaluation inside the run
    [InlineData(3)]   // during the final evaluation, once the budget is spent
    public void ACancelDuringEvaluationSavesTheStepAsInterrupted(int evaluation)
    {
        string dir = Path.Combine(root, $"cancel-eval-{evaluation}");
        using var cancel = new CancellationTokenSource();
        var generator = new Generator(3);
        var task = new CancellingTask(new RegressionTask(generator), cancel, evaluation);
        var trainer = new Trainer(task, new Sgd(task.Model.Parameters(), 0.05), new TrainerOptions { Budget = new(Steps: 5), EvalEvery = 2, Directory = dir }, generator);
        var result = trainer.Run(cancellationToken: cancel.Token);
        Assert.Equal(TrainingOutcome.Interrupted, result.Outcome);
        Assert.Equal(evaluation == 2 ? 4 : 5, result.Step);
        Assert.Equal(result.Step, (int)TrainingCheckpoint.Open(dir, "regression").Manifest["progress"]!["step"]!);
    }

    /// <summary>Reports scripted (wer, loss) pairs instead of the regression's own evaluation.</summary>
    sealed class ScriptedMetricsTask(RegressionTask inner, Queue<(double Wer, double Loss)> script) : ITrainingTask
    {
        public string Name => inner.Name;
        public Recur.Nn.Module Model => inner.Model;
        public TrainingBatch NextBatch() => inner.NextBatch();
        public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
        {
            var (wer, loss) = script.Dequeue();
            return new Dictionary<string, double> { ["wer"] = wer, ["loss"] = loss };
        }
        public void Save(CheckpointContents contents) => inner.Save(contents);
        public void Restore(TrainingCheckpoint checkpoint) => inner.Restore(checkpoint);
    }

    [Theory]
    [InlineData(true, 8)]    // WER ties at 0.1 from step 4; the lower loss of step 8 wins the tie
    [InlineData(false, 4)]   // without a tie-break the first evaluation at 0.1 stays best
    public void ATieBreakMetricDecidesBetweenEqualSelectionMetrics(bool tieBreak, int bestStep)
    {
        var generator = new Generator(3);
        var task = new ScriptedMetricsTask(new RegressionTask(generator), new([(0.5, 3.0), (0.1, 2.0), (0.1, 2.5), (0.1, 1.5), (0.2, 1.0)]));
        var options = new TrainerOptions { Budget = new(Steps: 10), EvalEvery = 2, Metric = "wer", TieBreakMetric = tieBreak ? "loss" : null };
        var result = new Trainer(task, new Sgd(task.Model.Parameters(), 0.05), options, generator).Run();
        Assert.Equal(bestStep, result.BestStep);
        Assert.Equal(0.1, result.BestMetrics!["wer"]);
    }
}
