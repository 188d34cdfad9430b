using System.CommandLine;
using System.Globalization;
using Recur.Audio;

namespace Recur.Cli.Commands.Asr;

/// <summary>`recur asr transcribe`: one line per WAV file, the file then a tab then the transcript (or its n-best list with scores).</summary>
internal static class AsrTranscribeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = AsrModel.Description, Required = true };
        var files = new Argument<string[]>("files") { Description = "WAV files (PCM 8/16/24/32-bit or float, any rate and channel count).", Arity = ArgumentArity.OneOrMore };
        var flags = new RecognitionFlags();
        var command = new Command("transcribe", "Transcribe WAV files: greedy best path, or prefix beam search with an n-gram language model (--lm).") { model, files };
        foreach (var option in flags.Options) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            var (recognizer, _) = AsrModel.Load(r.GetValue(model)!);
            var options = flags.Parse(r);
            using var limit = flags.LimitThreads(r);
            var paths = r.GetValue(files)!;
            var clips = paths.Select(WavFile.Read).ToArray();
            var results = recognizer.Transcribe(clips, options);
            for (int i = 0; i < paths.Length; i++)
            {
                if (options.Search.NBest <= 1 || options.IsGreedy) { stdout.WriteLine($"{paths[i]}\t{results[i].Text}"); continue; }
                foreach (var h in results[i].NBest)
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{paths[i]}\t{h.Text}\t{h.Score:F4}"));
            }
            return 0;
        });
        return command;
    }
}
