using System.CommandLine;
using Recur.Cli.Commands.NGram;

namespace Recur.Cli.Commands;

/// <summary>`recur ngram …`: n-gram language models (train, eval, score).</summary>
internal static class NGramCommand
{
    public static Command Create()
    {
        var command = new Command("ngram", "N-gram language models: modified Kneser-Ney estimation, ARPA files, perplexity.");
        command.Subcommands.Add(NGramTrainCommand.Create());
        command.Subcommands.Add(NGramEvalCommand.Create());
        command.Subcommands.Add(NGramScoreCommand.Create());
        return command;
    }
}
