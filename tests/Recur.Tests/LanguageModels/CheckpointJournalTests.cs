using Recur.Cli.Commands.Lm;
using Recur.Tests.Cli;

namespace Recur.Tests.LanguageModels;

/// <summary>A crash during a checkpoint save leaves one consistent checkpoint: the old one before the commit marker, the new one after.</summary>
public class CheckpointJournalTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    [Fact]
    public void UncommittedJournalIsDiscardedAndThePreviousCheckpointLoads()
    {
        string dir = fixture.TrainTiny(fixture.PathOf("journal-a"), steps: 2);
        var before = LmCliFixture.Snapshot(dir);
        // A save that died before its COMMIT marker: a half-written model in .pending.
        string pending = Directory.CreateDirectory(Path.Combine(dir, ".pending")).FullName;
        File.WriteAllBytes(Path.Combine(pending, "model.safetensors"), [1, 2, 3]);
        var info = Checkpoint.ReadInfo(dir);
        Assert.Equal(2, info.Step);
        Assert.False(Directory.Exists(pending));
        LmCliFixture.AssertUnchanged(before, dir);
        Checkpoint.LoadModel(dir);
    }

    [Fact]
    public void CommittedJournalIsRolledForward()
    {
        string older = fixture.TrainTiny(fixture.PathOf("journal-old"), steps: 2);
        string newer = fixture.TrainTiny(fixture.PathOf("journal-new"), steps: 4);
        // A save that died after its COMMIT marker, with the model already moved and the rest still pending.
        string pending = Directory.CreateDirectory(Path.Combine(older, ".pending")).FullName;
        foreach (var name in new[] { "optimizer.safetensors", "state.safetensors", "checkpoint.json" })
            File.Copy(Path.Combine(newer, name), Path.Combine(pending, name));
        File.Copy(Path.Combine(newer, "model.safetensors"), Path.Combine(older, "model.safetensors"), overwrite: true);
        File.WriteAllBytes(Path.Combine(pending, "COMMIT"), []);
        Assert.True(Checkpoint.Exists(older));
        var info = Checkpoint.ReadInfo(older);
        Assert.Equal(4, info.Step);
        Assert.False(Directory.Exists(pending));
        foreach (var name in new[] { "model.safetensors", "optimizer.safetensors", "state.safetensors", "checkpoint.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(newer, name)), File.ReadAllBytes(Path.Combine(older, name)));
        Checkpoint.LoadModel(older);
    }
}
