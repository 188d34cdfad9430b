using System.Diagnostics;
using System.Text.Json;

namespace Recur.Tests.Cli;

/// <summary>Resume finishes the stored budget, Ctrl-C saves and exits 130, and flag values are parsed by the settings table.</summary>
public class LmResumeCliTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    static int StepOf(string dir)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "checkpoint.json")));
        return json.RootElement.GetProperty("progress").GetProperty("step").GetInt32();
    }

    [Fact]
    public void ResumeWithoutABudgetFinishesTheStoredOneAndAFinishedRunSaysSo()
    {
        string dir = fixture.PathOf("budget");
        fixture.TrainTiny(dir, steps: 4);
        // Pretend the run was interrupted at step 4 of 6: the stored budget is what a bare --resume continues to.
        var (code, _, err) = LmCliFixture.Run("lm", "train", "--resume", dir, "--steps", "6", "--sample-length", "0");
        Assert.True(code == 0, err);
        Assert.Equal(6, StepOf(dir));
        (code, var output, err) = LmCliFixture.Run("lm", "train", "--resume", dir, "--sample-length", "0");
        Assert.True(code == 0, err);
        Assert.Contains("already reached its budget (6 steps)", output);
        Assert.Equal(6, StepOf(dir));
    }

    [Theory]
    [InlineData("--minutes", "abc", "--minutes: 'abc' is not a number")]
    [InlineData("--hidden", "1.5", "--hidden: '1.5' is not a whole number")]
    [InlineData("--cell", "transformer", "--cell: 'transformer' is not one of rnn, lstm, gru, tcn, mingru, minlstm, lru, s4d, mamba, nplm")]
    [InlineData("--hidden", "0", "--hidden 0: must be at least 1")]
    public void BadValuesNameTheFlagAndTheExpectedKind(string flag, string value, string expected)
    {
        var (code, _, err) = LmCliFixture.Run("lm", "train", "--text", fixture.TextPath, "--out", fixture.PathOf("bad-" + flag.TrimStart('-') + value), flag, value);
        Assert.Equal(1, code);
        Assert.Equal("error: " + expected, err.Trim());
    }

    [Fact]
    public void InterruptSavesTheCheckpointAndExitsWith130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        string dll = Path.Combine(AppContext.BaseDirectory, "Recur.Cli.dll"), dir = fixture.PathOf("sigint");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "lm", "train", "--text", fixture.TextPath, "--out", dir, "--steps", "100000", "--eval-every", "1000000" }.Concat(LmCliFixture.Tiny))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        string? line;
        // The first step line appears once training runs; then send SIGINT as Ctrl-C would.
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("step", StringComparison.Ordinal)) lines.Add(line);
        Assert.NotNull(line);
        CtrlC.Send(process);
        string rest = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the process did not stop after SIGINT");
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("checkpoint saved", rest);
        int step = StepOf(dir);
        Assert.InRange(step, 1, 99_999);
        // The interrupted run resumes to its stored budget only when asked; here a new, smaller one ends it at once.
        var (code, _, err) = LmCliFixture.Run("lm", "train", "--resume", dir, "--steps", (step + 1).ToString(), "--sample-length", "0");
        Assert.True(code == 0, err);
        Assert.Equal(step + 1, StepOf(dir));
    }
}
