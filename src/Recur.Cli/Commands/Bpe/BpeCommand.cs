using System.CommandLine;

namespace Recur.Cli.Commands.Bpe;

/// <summary>`recur bpe …`: byte-pair-encoding subwords in sentencepiece's .model format (train, encode, decode, info).</summary>
internal static class BpeCommand
{
    public static Command Create()
    {
        var command = new Command("bpe", "Byte-pair-encoding subwords: train a sentencepiece-compatible model, encode and decode text.");
        command.Subcommands.Add(BpeTrainCommand.Create());
        command.Subcommands.Add(BpeEncodeCommand.Create());
        command.Subcommands.Add(BpeDecodeCommand.Create());
        command.Subcommands.Add(BpeInfoCommand.Create());
        return command;
    }
}
