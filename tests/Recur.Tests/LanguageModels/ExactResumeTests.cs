using Recur.LanguageModels;
using Recur.Training;

namespace Recur.Tests.LanguageModels;

/// <summary>Interrupting character-model training at step k and resuming it ends with the same weights, bit for bit, as running straight through.</summary>
public class ExactResumeTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Cancels the run once it has finished step <paramref name="stopAt"/>, as Ctrl-C does.</summary>
    internal sealed class CancelAt(int stopAt, CancellationTokenSource source) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p) { if (p.Event == TrainingEvent.Step && p.Step == stopAt) source.Cancel(); }
    }

    // 600 characters: 540 train in 4 streams of 135, so 8-step chunks wrap to a new epoch after 16 steps, inside
    // the 20-step run; dropout 0.3 makes the generator state matter.
    static readonly string Text = SyntheticCorpus.Generate(600, seed: 11)[..600];

    static LmSettings Settings(CellKind cell, LrSchedule schedule) => new()
    {
        Cell = cell, Layers = 2, Hidden = 12, Embedding = 6, Dropout = 0.3f, SeqLength = 8, BatchSize = 4,
        Schedule = schedule, Warmup = 3, Steps = 20, EvalEvery = 7, Seed = 5,
    };

    [Theory]
    [InlineData(CellKind.Lstm, LrSchedule.Constant, 5)]
    [InlineData(CellKind.Gru, LrSchedule.Cosine, 9)]
    [InlineData(CellKind.Lstm, LrSchedule.Constant, 16)]
    public void InterruptedAndResumedRunEndsWithIdenticalWeights(CellKind cell, LrSchedule schedule, int stopAt)
    {
        var settings = Settings(cell, schedule);
        var straight = LmTraining.Create(settings, Text, null, Path.Combine(root, "straight"));
        var done = straight.Run();
        Assert.Equal(TrainingOutcome.Finished, done.Outcome);
        Assert.Equal(20, done.Step);
        Assert.Equal(1, done.Epoch);

        string dir = Path.Combine(root, "interrupted");
        using var cancel = new CancellationTokenSource();
        var first = LmTraining.Create(settings, Text, null, dir).Run(new CancelAt(stopAt, cancel), cancel.Token);
        Assert.Equal(TrainingOutcome.Interrupted, first.Outcome);
        Assert.Equal(stopAt, first.Step);

        // No budget given on resume: the stored one (20 steps) is finished.
        var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
        var resumed = LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint), Text, null, dir);
        var end = resumed.Run();
        Assert.Equal(TrainingOutcome.Finished, end.Outcome);
        Assert.Equal(20, end.Step);

        var expected = straight.Task.Model.StateDict();
        var actual = resumed.Task.Model.StateDict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(actual[name].ToArray()), $"{name} differs after resume");
        Assert.Equal(done.LastMetrics!["loss"], end.LastMetrics!["loss"]);
        // The log of the resumed run equals the uninterrupted one's, line for line, but for the timing fields.
        Assert.Equal(LogLines(Path.Combine(root, "straight")), LogLines(dir));
    }

    [Fact]
    public void AnAwdRegularisedRunWithVariableLengthsResumesExactly()
    {
        // Every mask and every chunk length is drawn from the run's generator, which the checkpoint carries (a
        // pending normal sample included: chunk lengths are normal draws).
        AssertResumesExactly(Settings(CellKind.Lstm, LrSchedule.Constant) with
        {
            Dropout = 0, VariableLength = true, Regularization = new AwdRegularization
            {
                EmbeddingDropout = 0.1f, InputDropout = 0.2f, HiddenDropout = 0.2f, OutputDropout = 0.2f, WeightDropout = 0.3f, ActivationPenalty = 2, TemporalPenalty = 1,
            },
        }, stopAt: 11, "awd");
    }

    [Theory]
    [InlineData(7)]    // before the switch (at the evaluation of step 10): the trigger must see the same history
    [InlineData(17)]   // after it: the average and its step counts must come back
    public void AnNtAsgdRunResumesExactlyAcrossTheSwitchAndKeepsItsAverage(int stopAt)
    {
        // A rate this high makes the validation loss wander, so the trigger (patience 1, an evaluation every 2 steps) fires.
        var settings = Settings(CellKind.Lstm, LrSchedule.Constant) with
        {
            Optimizer = LmOptimizer.NtAsgd, LearningRate = 8, Warmup = 0, NonMonotone = 1, EvalEvery = 2, Dropout = 0.1f,
        };
        var (straight, straightDir, dir) = AssertResumesExactly(settings, stopAt, $"asgd-{stopAt}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(straightDir, LmTask.AverageFile)), File.ReadAllBytes(Path.Combine(dir, LmTask.AverageFile)));

        var log = File.ReadAllLines(Path.Combine(straightDir, Trainer.LogFile)).Where(l => l.Contains("\"averaging\":")).ToArray();
        int switchedAt = Array.FindIndex(log, l => l.Contains("\"averaging\":1"));
        Assert.Equal(4, switchedAt);   // at step 10
        // The rule, from the logged losses: evaluation k switches when its loss exceeds the best of evaluations 0 … k − 2.
        var losses = log.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("loss").GetDouble()).ToArray();
        for (int k = 2; k <= switchedAt; k++)
            Assert.Equal(k == switchedAt, losses[k] > losses[..(k - 1)].Min());

        // The model a user loads is the average the run evaluated, not the last iterate.
        var (loaded, _, _, _, _) = LmTraining.LoadModel(straightDir);
        var raw = straight.Task.Model.StateDict()["head.weight"].ToArray();
        Assert.NotEqual(raw, loaded.StateDict()["head.weight"].ToArray());
        using (straight.Task.Averaging!.UseAverage())
            Assert.Equal(straight.Task.Model.StateDict()["head.weight"].ToArray(), loaded.StateDict()["head.weight"].ToArray());
    }

    /// <summary>
    /// Runs <paramref name="settings"/> straight through, and again interrupted after step <paramref name="stopAt"/>
    /// and resumed, and asserts that both end with the same weights and the same log.
    /// </summary>
    (LmTraining Straight, string StraightDir, string Dir) AssertResumesExactly(LmSettings settings, int stopAt, string name)
    {
        string straightDir = Path.Combine(root, name + "-straight"), dir = Path.Combine(root, name + "-interrupted");
        var straight = LmTraining.Create(settings, Text, null, straightDir);
        straight.Run();
        using var cancel = new CancellationTokenSource();
        LmTraining.Create(settings, Text, null, dir).Run(new CancelAt(stopAt, cancel), cancel.Token);
        var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
        var resumed = LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint), Text, null, dir);
        Assert.Equal(straight.Trainer.Step, resumed.Run().Step);
        var expected = straight.Task.Model.StateDict();
        foreach (var (parameter, tensor) in resumed.Task.Model.StateDict())
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(expected[parameter].ToArray()), $"{parameter} differs after resume");
        Assert.Equal(LogLines(straightDir), LogLines(dir));
        return (straight, straightDir, dir);
    }

    static string[] LogLines(string dir) => MetricsLogLines(Path.Combine(dir, Trainer.LogFile));

    internal static string[] MetricsLogLines(string path) =>
        File.ReadAllLines(path).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"(elapsed_seconds|tokens_per_second)\":[^,}]*", "")).ToArray();

    [Fact]
    public void ResumingAFinishedRunSaysSoAndChangesNothing()
    {
        string dir = Path.Combine(root, "finished");
        LmTraining.Create(Settings(CellKind.Gru, LrSchedule.Constant) with { Steps = 3, Dropout = 0 }, Text, null, dir).Run();
        var before = Cli.LmCliFixture.Snapshot(dir);
        var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
        var result = LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint), Text, null, dir).Run();
        Assert.Equal(TrainingOutcome.AlreadyFinished, result.Outcome);
        Assert.Equal(3, result.Step);
        Cli.LmCliFixture.AssertUnchanged(before, dir);
    }

    [Fact]
    public void AStateFileFromAnotherRunIsRefused()
    {
        // The carried state decides the next steps; one from another run would make the resumed run diverge silently.
        var settings = new LmSettings { Hidden = 12, Embedding = 6, Layers = 1, SeqLength = 8, BatchSize = 4, EvalEvery = 100, Seed = 5 };
        string a = Path.Combine(root, "diverge-a"), b = Path.Combine(root, "diverge-b");
        LmTraining.Create(settings with { Steps = 6 }, Text, null, a).Run();
        LmTraining.Create(settings with { Steps = 3 }, Text, null, b).Run();
        File.Copy(Path.Combine(a, LmTask.StateFile), Path.Combine(b, LmTask.StateFile), overwrite: true);
        var checkpoint = TrainingCheckpoint.Open(b, LmTask.TaskName);
        var e = Assert.Throws<CheckpointException>(() => LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint) with { Steps = 6 }, Text, null, b));
        Assert.Contains(LmTask.StateFile, e.Message);
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void ACheckpointWithTheOlderHAndCStateLayoutResumesExactly()
    {
        // Before every layer shared the SequenceState contract the carried LSTM state was stored as h and c, (L, B, H).
        var settings = Settings(CellKind.Lstm, LrSchedule.Constant) with { Dropout = 0 };
        var straight = LmTraining.Create(settings, Text, null, Path.Combine(root, "straight-legacy"));
        straight.Run();

        string dir = Path.Combine(root, "legacy");
        using var cancel = new CancellationTokenSource();
        LmTraining.Create(settings, Text, null, dir).Run(new CancelAt(5, cancel), cancel.Token);
        string statePath = Path.Combine(dir, LmTask.StateFile);
        var current = Recur.Serialization.Safetensors.Load(statePath).Tensors;
        Assert.Equal(2, current.Count);
        Recur.Serialization.Safetensors.Save(statePath, new Dictionary<string, Tensor>
        {
            ["h"] = current["state.0"].Transpose(0, 1).Contiguous(),
            ["c"] = current["state.1"].Transpose(0, 1).Contiguous(),
        });
        string manifestPath = Path.Combine(dir, CheckpointJournal.ManifestFile);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var bytes = File.ReadAllBytes(statePath);
        manifest["files"]![LmTask.StateFile]!["bytes"] = bytes.Length;
        manifest["files"]![LmTask.StateFile]!["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
        var resumed = LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint), Text, null, dir);
        resumed.Run();
        var expected = straight.Task.Model.StateDict();
        foreach (var (name, tensor) in resumed.Task.Model.StateDict())
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(expected[name].ToArray()), $"{name} differs after resuming the older layout");
    }
}
