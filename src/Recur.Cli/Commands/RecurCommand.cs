using System.CommandLine;
using System.CommandLine.Help;

namespace Recur.Cli.Commands;

/// <summary>The root command, named <c>recur</c> whatever the executable is called (dotnet run, a dotnet tool, tests).</summary>
internal static class RecurCommand
{
    public static Command Create()
    {
        var root = new Command("recur", "Train, sample and evaluate sequence models.")
        {
            new HelpOption(),
            new VersionOption(),
            LmCommand.Create(),
            NGramCommand.Create(),
            Bpe.BpeCommand.Create(),
            Metrics.BleuCommand.Create(),
            Metrics.ChrFCommand.Create(),
        };
        return root;
    }
}
