using System.CommandLine;
using System.CommandLine.Help;

namespace Recur.Cli.Commands;

/// <summary>The root command, named <c>recur</c> whatever the executable is called (dotnet run, a dotnet tool, tests).</summary>
internal static class RecurCommand
{
    /// <summary>Exit code of a command group run without a subcommand: its usage is printed, nothing is done.</summary>
    public const int UsageExitCode = 1;

    public static Command Create()
    {
        var root = new Command("recur", "Train, sample and evaluate sequence models.")
        {
            new HelpOption(),
            new VersionOption(),
            LmCommand.Create(),
            NGramCommand.Create(),
            Bpe.BpeCommand.Create(),
            TranslateCommand.Create(),
            AsrCommand.Create(),
            Embed.EmbedCommand.Create(),
            Metrics.BleuCommand.Create(),
            Metrics.ChrFCommand.Create(),
        };
        ShowUsageWithoutSubcommand(root);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A parse error is printed as one line <c>error: …</c> per problem
    /// (exit code 1) without the full help, which would bury it; <c>--help</c> shows the help.
    /// </summary>
    public static int Invoke(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count == 0) return parsed.Invoke(configuration);
        foreach (var message in parsed.Errors.Select(ParseErrorText.Describe).Distinct())
            configuration.Error.WriteLine($"error: {message}");
        return 1;
    }

    // A group such as `recur lm` has no work of its own; run bare, it shows its subcommands instead of the parser's
    // "Required command was not provided".
    static void ShowUsageWithoutSubcommand(Command command)
    {
        if (command.Subcommands.Count == 0) return;
        if (command.Action == null)
            command.SetAction(parseResult =>
            {
                new HelpAction().Invoke(parseResult);
                return UsageExitCode;
            });
        foreach (var sub in command.Subcommands) ShowUsageWithoutSubcommand(sub);
    }
}
