using System.CommandLine;
using Recur.Cli.Commands.Lm;
using Recur.IO;

namespace Recur.Cli.Commands;

/// <summary>`recur lm …`: character-level language models (train, sample, eval, inspect).</summary>
internal static class LmCommand
{
    public static Command Create()
    {
        var lm = new Command("lm", "Character-level language models: train, sample, evaluate, inspect.");
        lm.Subcommands.Add(TrainCommand.Create());
        lm.Subcommands.Add(SampleCommand.Create());
        lm.Subcommands.Add(EvalCommand.Create());
        lm.Subcommands.Add(InspectCommand.Create());
        lm.Subcommands.Add(InfoCommand.Create());
        return lm;
    }

    /// <summary>
    /// Runs a command body with the invocation's writers; an expected user error becomes one line
    /// <c>error: …</c> on stderr and exit code 1.
    /// </summary>
    public static void SetGuardedAction(Command command, Func<ParseResult, TextWriter, TextWriter, int> body) =>
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try { return body(parseResult, output, error); }
            catch (Exception e) when (e is UserInputException or InputFileException or Training.CheckpointException or Training.TrainingSetupException)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
}
