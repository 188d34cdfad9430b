using System.CommandLine;

namespace Recur.Cli.Commands.Embed;

/// <summary>`recur embed …`: word embeddings — train word2vec, fastText or GloVe vectors, evaluate, query and examine them.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var command = new Command("embed", "Word embeddings: train word2vec, fastText or GloVe vectors; evaluate, query and examine them for bias.");
        command.Subcommands.Add(EmbedTrainCommand.Create());
        command.Subcommands.Add(EmbedEvalCommand.Create());
        command.Subcommands.Add(EmbedNeighborsCommand.Create());
        command.Subcommands.Add(EmbedAnalogyCommand.Create());
        command.Subcommands.Add(EmbedBiasCommand.Create());
        command.Subcommands.Add(EmbedPlotCommand.Create());
        return command;
    }
}
