using Recur.Cli.Commands.Lm;
using Recur.LanguageModels;
using Recur.Tests.Cli;

namespace Recur.Tests.LanguageModels;

/// <summary>Interrupting training at step k and resuming it ends with the same weights, bit for bit, as running straight through.</summary>
public class ExactResumeTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    /// <summary>Cancels the run once it has finished step <paramref name="stopAt"/>, as Ctrl-C does.</summary>
    sealed class CancelAt(int stopAt, CancellationTokenSource source) : ITrainingObserver
    {
        public void Message(string text) { }
        public void Evaluated(int step, LmScore validation) { }
        public void Step(StepReport report) { if (report.Step == stopAt) source.Cancel(); }
    }

    [Theory]
    [InlineData(CellKind.Lstm, LrSchedule.Constant, 5)]
    [InlineData(CellKind.Gru, LrSchedule.Cosine, 9)]
    public void InterruptedAndResumedRunEndsWithIdenticalWeights(CellKind cell, LrSchedule schedule, int stopAt)
    {
        // 600 characters: 540 train in 4 streams of 135, so 8-step chunks wrap to a new epoch after 16 steps,
        // inside the 20-step run; dropout 0.3 makes the generator state matter.
        string text = fixture.PathOf($"resume-{cell}.txt");
        File.WriteAllText(text, SyntheticCorpus.Generate(600, seed: 11)[..600]);
        var options = new TrainOptions
        {
            Text = text, Cell = cell, Layers = 2, Hidden = 12, Embedding = 6, Dropout = 0.3f, SeqLength = 8, BatchSize = 4,
            Schedule = schedule, Warmup = 3, Steps = 20, EvalEvery = 7, Seed = 5,
        };
        var straight = TrainLoop.Run(options with { Out = fixture.PathOf($"straight-{cell}") });
        Assert.False(straight.Interrupted);
        Assert.Equal(20, straight.Step);

        using var cancel = new CancellationTokenSource();
        string dir = fixture.PathOf($"interrupted-{cell}");
        var first = TrainLoop.Run(options with { Out = dir }, new CancelAt(stopAt, cancel), cancel.Token);
        Assert.True(first.Interrupted);
        Assert.Equal(stopAt, first.Step);
        var resumed = TrainLoop.Run(new TrainOptions { Resume = dir, Steps = 20, EvalEvery = 7 });
        Assert.Equal(20, resumed.Step);

        var expected = straight.Model.StateDict();
        var actual = resumed.Model.StateDict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(actual[name].ToArray()), $"{name} differs after resume");
        Assert.Equal(straight.Validation!.Value.Nats, resumed.Validation!.Value.Nats);
    }

    [Fact]
    public void AStateFileFromAnotherRunIsRefused()
    {
        // The carried state decides the next steps; one from another run would make the resumed run diverge silently.
        string text = fixture.PathOf("diverge.txt");
        File.WriteAllText(text, SyntheticCorpus.Generate(600, seed: 11)[..600]);
        var options = new TrainOptions { Text = text, Hidden = 12, Embedding = 6, Layers = 1, SeqLength = 8, BatchSize = 4, EvalEvery = 100, Seed = 5 };
        var straight = TrainLoop.Run(options with { Out = fixture.PathOf("diverge-a"), Steps = 6 });
        string dir = fixture.PathOf("diverge-b");
        TrainLoop.Run(options with { Out = dir, Steps = 3 });
        File.Delete(Path.Combine(dir, "state.safetensors"));
        File.Copy(Path.Combine(fixture.PathOf("diverge-a"), "state.safetensors"), Path.Combine(dir, "state.safetensors"));
        // The copied state is another run's (and has another hash), so the checkpoint must refuse it rather than diverge silently.
        Assert.Throws<Recur.Cli.UserInputException>(() => TrainLoop.Run(new TrainOptions { Resume = dir, Steps = 6 }));
        Assert.Equal(6, straight.Step);
    }
}
