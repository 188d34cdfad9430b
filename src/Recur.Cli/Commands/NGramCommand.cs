using System.CommandLine;
using Recur.Cli.Commands.NGram;

namespace Recur.Cli.Commands;

/// <summary>`recur ngram …`: n-gram language models (train, eval, score, build-binary, info).</summary>
internal static class NGramCommand
{
    public static Command Create()
    {
        var command = new Command("ngram", "N-gram language models: modified Kneser-Ney estimation, ARPA and binary files, perplexity.");
        command.Subcommands.Add(NGramTrainCommand.Create());
        command.Subcommands.Add(NGramEvalCommand.Create());
        command.Subcommands.Add(NGramScoreCommand.Create());
        command.Subcommands.Add(NGramBuildBinaryCommand.Create());
        command.Subcommands.Add(NGramInfoCommand.Create());
        return command;
    }
}
