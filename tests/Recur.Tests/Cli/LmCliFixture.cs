using Recur.LanguageModels;

namespace Recur.Tests.Cli;

/// <summary>A temporary directory with a small generated text, and in-process invocation of <c>recur lm</c>.</summary>
public sealed class LmCliFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("recur-lm-tests-").FullName;

    /// <summary>About 4,000 characters of the built-in corpus (seed 7).</summary>
    public string TextPath { get; }

    /// <summary>Flags of a model small enough that a few steps take milliseconds.</summary>
    public static readonly string[] Tiny = ["--hidden", "16", "--embedding", "8", "--layers", "1", "--batch-size", "4", "--seq-length", "16", "--sample-length", "0"];

    public LmCliFixture()
    {
        TextPath = Path.Combine(Root, "text.txt");
        File.WriteAllText(TextPath, SyntheticCorpus.Generate(4_000, seed: 7));
    }

    /// <summary>A tiny model trained for 3 steps, shared by the tests of one class.</summary>
    public string Model => model ??= TrainTiny(PathOf("model"), steps: 3);
    string? model;

    public string PathOf(string name) => Path.Combine(Root, name);

    public static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>Trains the tiny model on <see cref="TextPath"/> into <paramref name="outDir"/> for <paramref name="steps"/> steps.</summary>
    public string TrainTiny(string outDir, int steps = 3, params string[] extra)
    {
        var (code, _, err) = Run([.. new[] { "lm", "train", "--text", TextPath, "--out", outDir, "--steps", steps.ToString(), "--eval-every", "2" }, .. Tiny, .. extra]);
        Assert.True(code == 0, err);
        return outDir;
    }

    /// <summary>Every file of a directory with its bytes, to prove that a failed command changed nothing.</summary>
    public static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);

    public static void AssertUnchanged(Dictionary<string, byte[]> before, string dir)
    {
        var after = Snapshot(dir);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
