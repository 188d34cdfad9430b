using System.CommandLine;
using Recur.Cli.Commands.Asr;

namespace Recur.Cli.Commands;

/// <summary>`recur asr …`: CTC speech recognition (train, transcribe, eval, align).</summary>
internal static class AsrCommand
{
    public static Command Create()
    {
        var asr = new Command("asr", "Speech recognition with CTC: train a recogniser, transcribe WAV files, measure WER and CER, align transcripts to audio.");
        asr.Subcommands.Add(AsrTrainCommand.Create());
        asr.Subcommands.Add(AsrTranscribeCommand.Create());
        asr.Subcommands.Add(AsrEvalCommand.Create());
        asr.Subcommands.Add(AsrAlignCommand.Create());
        return asr;
    }
}
