using System.CommandLine;
using Recur.Cli.Commands.Translate;

namespace Recur.Cli.Commands;

/// <summary>`recur translate …`: attention encoder–decoders (train, run, eval, attention).</summary>
internal static class TranslateCommand
{
    public static Command Create()
    {
        var translate = new Command("translate", "Sequence-to-sequence translation with attention: train, run, evaluate, draw alignments.");
        translate.Subcommands.Add(TranslateTrainCommand.Create());
        translate.Subcommands.Add(TranslateRunCommand.Create());
        translate.Subcommands.Add(TranslateEvalCommand.Create());
        translate.Subcommands.Add(TranslateAttentionCommand.Create());
        return translate;
    }
}
