using System.CommandLine;
using Recur.Cli.Commands;

namespace Recur.Tests.Cli;

/// <summary>Conventions every command follows: usage for a bare command group, option values named in parse errors.</summary>
public class CliConventionTests
{
    [Theory]
    [InlineData(new string[0], "lm", "ngram")]
    [InlineData(new[] { "lm" }, "train", "inspect")]
    [InlineData(new[] { "ngram" }, "build-binary", "score")]
    public void ACommandGroupWithoutSubcommandPrintsItsUsage(string[] args, string sub1, string sub2)
    {
        var (code, output, err) = CliRunner.Run(args);
        Assert.Equal(RecurCommand.UsageExitCode, code);
        Assert.Equal("", err);
        Assert.Contains("Usage:", output);
        Assert.Contains("Commands:", output);
        Assert.Contains(sub1, output);
        Assert.Contains(sub2, output);
        Assert.DoesNotContain("Required command", output + err);
    }

    /// <summary>Every numeric or boolean option of every command, given "abc".</summary>
    public static TheoryData<string[], string> ValueOptions()
    {
        var data = new TheoryData<string[], string>();
        void Walk(Command command, string[] path)
        {
            foreach (var sub in command.Subcommands) Walk(sub, [.. path, sub.Name]);
            foreach (var option in command.Options)
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (type == typeof(int) || type == typeof(long) || type == typeof(ulong) || type == typeof(float) || type == typeof(double))
                    data.Add(path, option.Name);
            }
        }
        Walk(RecurCommand.Create(), []);
        // lm train's settings are string options parsed by their settings-table rows.
        foreach (var row in Recur.LanguageModels.LmSettings.Table)
            if (row.Kind.EndsWith("number", StringComparison.Ordinal)) data.Add(["lm", "train"], row.Flag);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValueOptions))]
    public void AValueThatDoesNotParseNamesTheOptionAndTheKind(string[] command, string option)
    {
        var (code, _, err) = CliRunner.Run([.. command, option, "abc"]);
        Assert.Equal(1, code);
        var lines = err.TrimEnd('\n').Split('\n');
        Assert.Contains(lines, l => l.StartsWith($"error: {option}: 'abc' is not a ") && l.Contains("number"));
        Assert.DoesNotContain("System.", err);
    }

    [Fact]
    public void TheWalkFindsTheOptionsOfNestedCommands() =>
        Assert.Contains(ValueOptions(), row => ((string[])row[0]).SequenceEqual(["lm", "train"]) && (string)row[1] == "--minutes");

    [Fact]
    public void AValueNotAmongTheChoicesIsOneLineNamingTheOption()
    {
        var (code, _, err) = CliRunner.Run("ngram", "train", "--order", "2", "--text", "t.txt", "--arpa", "m.arpa", "--smoothing", "foo");
        Assert.Equal(1, code);
        Assert.Equal("error: --smoothing: Argument 'foo' not recognized. Must be one of: 'kneser-ney', 'witten-bell', 'add-k'", err.TrimEnd('\n'));
    }
}
