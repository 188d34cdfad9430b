namespace Recur.Tests.Cli;

/// <summary>Each bad input gets exit code 1, one line naming the file or option, and leaves existing checkpoints as they were.</summary>
public class LmBadInputCliTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    static void AssertOneLineError(int code, string err, params string[] fragments)
    {
        Assert.Equal(1, code);
        var lines = err.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var f in fragments) Assert.Contains(f, lines[0]);
    }

    (int, string) Train(string text, string outDir, params string[] extra)
    {
        var (code, _, err) = LmCliFixture.Run(["lm", "train", "--text", text, "--out", outDir, "--steps", "2", .. LmCliFixture.Tiny, .. extra]);
        return (code, err);
    }

    string WriteBytes(string name, byte[] bytes)
    {
        string path = fixture.PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void BadTextFilesAreNamedAndLeaveTheCheckpointUntouched()
    {
        string dir = fixture.Model;
        var before = LmCliFixture.Snapshot(dir);
        string missing = fixture.PathOf("missing.txt");
        var (code, err) = Train(missing, dir, "--overwrite");
        AssertOneLineError(code, err, missing, "no such file");

        string empty = WriteBytes("empty.txt", []);
        (code, err) = Train(empty, dir, "--overwrite");
        AssertOneLineError(code, err, empty, "empty");

        string binary = WriteBytes("binary.bin", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 1, 2]);
        (code, err) = Train(binary, dir, "--overwrite");
        AssertOneLineError(code, err, binary, "binary", "offset 4");

        string latin1 = WriteBytes("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n']);
        (code, err) = Train(latin1, dir, "--overwrite");
        AssertOneLineError(code, err, latin1, "not valid UTF-8", "offset 3");

        string tiny = WriteBytes("short.txt", "hello world\n"u8.ToArray());
        (code, err) = Train(tiny, dir, "--overwrite");
        AssertOneLineError(code, err, tiny, "too short", "one batch");
        LmCliFixture.AssertUnchanged(before, dir);
    }

    [Theory]
    [InlineData("--hidden", "0", "--hidden 0")]
    [InlineData("--layers", "-1", "--layers -1")]
    [InlineData("--dropout", "1", "--dropout 1")]
    [InlineData("--lr", "0", "--lr 0")]
    [InlineData("--steps", "0", "--steps 0")]
    [InlineData("--val-fraction", "1.5", "--val-fraction 1.5")]
    [InlineData("--context", "0", "--context 0")]
    public void InvalidOptionValuesNameTheOption(string flag, string value, string expected)
    {
        string[] args = ["lm", "train", "--text", fixture.TextPath, "--out", fixture.PathOf("never-written-" + flag.TrimStart('-')), "--embedding", "8", "--batch-size", "4", "--seq-length", "16", flag, value];
        if (flag != "--steps") args = [.. args, "--steps", "1"];
        var (code, _, err) = LmCliFixture.Run(args);
        AssertOneLineError(code, err, expected);
        Assert.False(Directory.Exists(fixture.PathOf("never-written-" + flag.TrimStart('-'))));
    }

    [Fact]
    public void AnNplmsFlagsOnAnotherCellAreNamed()
    {
        string dir = fixture.PathOf("never-written-nplm");
        var (code, err) = Train(fixture.TextPath, dir, "--context", "3");
        AssertOneLineError(code, err, "--context", "--cell lstm");
        (code, err) = Train(fixture.TextPath, dir, "--cell", "nplm", "--direct", "true", "--tie", "true");
        AssertOneLineError(code, err, "--tie", "--direct");
        Assert.False(Directory.Exists(dir));
        var (asrCode, _, asrErr) = LmCliFixture.Run("asr", "train", "--cell", "nplm", "--bidirectional", "false", "--out", dir);
        AssertOneLineError(asrCode, asrErr, "--cell nplm");
    }

    [Fact]
    public void AnExistingCheckpointIsNotOverwrittenWithoutConsent()
    {
        string dir = fixture.Model;
        var before = LmCliFixture.Snapshot(dir);
        var (code, err) = Train(fixture.TextPath, dir);
        AssertOneLineError(code, err, dir, "already holds a checkpoint", "--resume");
        LmCliFixture.AssertUnchanged(before, dir);
    }

    [Fact]
    public void ResumingWithADifferentModelOrTextIsRefused()
    {
        string dir = fixture.TrainTiny(fixture.PathOf("resume-src"), steps: 2);
        var before = LmCliFixture.Snapshot(dir);
        var (code, _, err) = LmCliFixture.Run("lm", "train", "--resume", dir, "--steps", "4", "--hidden", "32");
        AssertOneLineError(code, err, dir, "different model", "--hidden 32 (checkpoint: 16)");
        string other = WriteBytes("other.txt", System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(fixture.TextPath).Replace('e', 'a')));
        (code, _, err) = LmCliFixture.Run("lm", "train", "--resume", dir, "--steps", "4", "--text", other);
        AssertOneLineError(code, err, other, "not the text the checkpoint was trained on");
        LmCliFixture.AssertUnchanged(before, dir);
    }

    [Fact]
    public void TruncatedOrCorruptCheckpointFilesAreNamed()
    {
        string dir = fixture.TrainTiny(fixture.PathOf("corrupt"), steps: 2);
        // sample, eval and inspect load the best checkpoint; resume continues the last one.
        string best = Path.Combine(dir, "best", "model.safetensors"), weights = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(best, File.ReadAllBytes(best)[..100]);
        var before = LmCliFixture.Snapshot(dir);
        var (code, _, err) = LmCliFixture.Run("lm", "sample", "--model", dir);
        AssertOneLineError(code, err, best, "truncated");
        (code, _, err) = LmCliFixture.Run("lm", "train", "--resume", dir, "--steps", "4");
        AssertOneLineError(code, err, weights, "truncated");
        LmCliFixture.AssertUnchanged(before, dir);
        Directory.Delete(Path.Combine(dir, "best"), recursive: true);

        File.WriteAllBytes(weights, bytes);
        string info = Path.Combine(dir, "checkpoint.json");
        File.WriteAllText(info, File.ReadAllText(info)[..40]);
        (code, _, err) = LmCliFixture.Run("lm", "eval", "--model", dir, "--text", fixture.TextPath);
        AssertOneLineError(code, err, info, "invalid checkpoint JSON");

        string notModel = Directory.CreateDirectory(fixture.PathOf("not-a-model")).FullName;
        (code, _, err) = LmCliFixture.Run("lm", "eval", "--model", notModel, "--text", fixture.TextPath);
        AssertOneLineError(code, err, Path.Combine(notModel, "checkpoint.json"), "not a model directory");
    }

    [Fact]
    public void EvalNamesCharactersTheModelNeverSaw()
    {
        string text = WriteBytes("unseen.txt", "x = \"ß\"\n"u8.ToArray());
        var (code, _, err) = LmCliFixture.Run("lm", "eval", "--model", fixture.Model, "--text", text);
        AssertOneLineError(code, err, text, "never saw 1 character: 'ß'");
    }
}
