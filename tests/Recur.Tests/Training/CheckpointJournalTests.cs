using System.Text.Json.Nodes;
using Recur.Training;

namespace Recur.Tests.Training;

/// <summary>A crash at any point of a checkpoint save leaves one consistent checkpoint: the old one before the commit marker, the new one after.</summary>
public class CheckpointJournalTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-journal-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    sealed class Killed : Exception;

    static (JsonObject Manifest, (string, byte[])[] Files) Version(int v) =>
        (new JsonObject { ["format"] = TrainingCheckpoint.FormatName, ["version"] = TrainingCheckpoint.CurrentVersion, ["task"] = "test", ["v"] = v },
         [("a.bin", Enumerable.Repeat((byte)v, 100 + v).ToArray()), ("b.bin", [(byte)v, 7]), ("c.bin", new byte[v * 3])]);

    static Dictionary<string, byte[]> Expected(int v)
    {
        var (manifest, files) = Version(v);
        return files.ToDictionary(f => f.Item1, f => f.Item2);
    }

    /// <summary>Opens the directory as a reader would (recovering first) and says which version it holds, checking every file.</summary>
    static int ReadVersion(string dir)
    {
        var checkpoint = TrainingCheckpoint.Open(dir, "test");
        int v = (int)checkpoint.Manifest["v"]!;
        Assert.Equal(Expected(v).Keys.Order(), checkpoint.Files.Keys.Order());
        foreach (var (name, bytes) in Expected(v)) Assert.Equal(bytes, checkpoint.ReadFile(name));
        Assert.False(Directory.Exists(Path.Combine(dir, ".pending")));
        return v;
    }

    [Fact]
    public void AKillBetweenAnyTwoFileOperationsLeavesTheOldOrTheNewCheckpoint()
    {
        // Count the operations of one save, then kill a save before each of them in turn.
        int operations = 0;
        string probe = Path.Combine(root, "probe");
        new CheckpointJournal(probe).Save(Version(1).Manifest, Version(1).Files);
        new CheckpointJournal(probe) { BeforeOperation = _ => operations++ }.Save(Version(2).Manifest, Version(2).Files);
        Assert.True(operations >= 10, $"only {operations} operations counted");

        var seen = new HashSet<int>();
        for (int kill = 0; kill < operations; kill++)
        {
            string dir = Path.Combine(root, $"kill-{kill}");
            new CheckpointJournal(dir).Save(Version(1).Manifest, Version(1).Files);
            int count = 0;
            var journal = new CheckpointJournal(dir) { BeforeOperation = _ => { if (count++ == kill) throw new Killed(); } };
            Assert.Throws<Killed>(() => journal.Save(Version(2).Manifest, Version(2).Files));
            int v = ReadVersion(dir);
            Assert.True(v is 1 or 2);
            seen.Add(v);
            // The next save after recovery works and wins.
            new CheckpointJournal(dir).Save(Version(3).Manifest, Version(3).Files);
            Assert.Equal(3, ReadVersion(dir));
        }
        Assert.Equal([1, 2], seen.Order());
    }

    [Fact]
    public void AKillDuringRecoveryIsRecoveredByTheNextReader()
    {
        string dir = Path.Combine(root, "recovery");
        new CheckpointJournal(dir).Save(Version(1).Manifest, Version(1).Files);
        // Die right after the commit marker, then die again half-way through rolling forward.
        int count = 0, marker = -1;
        var probe = new CheckpointJournal(dir) { BeforeOperation = what => { if (what == "write commit marker") marker = count; count++; } };
        probe.Save(Version(2).Manifest, Version(2).Files);
        count = 0;
        Assert.Throws<Killed>(() => new CheckpointJournal(dir) { BeforeOperation = _ => { if (count++ == marker + 1) throw new Killed(); } }.Save(Version(3).Manifest, Version(3).Files));
        Assert.Throws<Killed>(() => new CheckpointJournal(dir) { BeforeOperation = what => { if (what.StartsWith("move b", StringComparison.Ordinal)) throw new Killed(); } }.Recover());
        Assert.Equal(3, ReadVersion(dir));
    }

    [Fact]
    public void ATruncatedOrCorruptFileIsReportedByName()
    {
        string dir = Path.Combine(root, "corrupt");
        new CheckpointJournal(dir).Save(Version(4).Manifest, Version(4).Files);
        File.WriteAllBytes(Path.Combine(dir, "a.bin"), new byte[10]);
        var e = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Open(dir).ReadFile("a.bin"));
        Assert.Contains("a.bin", e.Message);
        Assert.Contains("truncated", e.Message);
        File.WriteAllBytes(Path.Combine(dir, "b.bin"), [9, 9]);
        e = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Open(dir).ReadFile("b.bin"));
        Assert.Contains("b.bin", e.Message);
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void ACheckpointOfAnotherTaskOrAFileIsRefusedWithItsName()
    {
        string dir = Path.Combine(root, "other");
        new CheckpointJournal(dir).Save(Version(1).Manifest, Version(1).Files);
        var e = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Open(dir, "charlm"));
        Assert.Contains("'test' checkpoint, not a 'charlm'", e.Message);
        e = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Open(Path.Combine(dir, "a.bin")));
        Assert.Contains("is a file", e.Message);
        Assert.Contains(dir, e.Message);
    }
}
