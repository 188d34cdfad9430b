using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Recur.Metrics;
using Recur.Speech;

namespace Recur.Cli.Commands.Asr;

/// <summary>
/// `recur asr eval`: transcribes a manifest's recordings and scores them against its transcripts: word and character
/// error rates with substitutions, deletions and insertions, and the real-time factor of recognition (features,
/// model and search, audio reading excluded).
/// </summary>
internal static class AsrEvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = AsrModel.Description, Required = true };
        var manifest = new Option<string>("--manifest") { Description = "Test utterances: 'path<TAB>transcript' lines, paths relative to the file.", Required = true };
        var hyp = new Option<string?>("--hyp-out") { Description = "Also write 'path<TAB>hypothesis' lines to this file." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (wer, cer, utterances, substitutions, …)." };
        var flags = new RecognitionFlags();
        var command = new Command("eval", "Transcribe a manifest's recordings and report WER and CER (with substitutions, deletions, insertions) and speed.") { model, manifest, hyp, json };
        foreach (var option in flags.Options) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, stderr) =>
        {
            var (recognizer, _) = AsrModel.Load(r.GetValue(model)!);
            var options = flags.Parse(r);
            using var limit = flags.LimitThreads(r);
            var list = SpeechManifest.Read(r.GetValue(manifest)!);
            var clips = list.Entries.Select(e => Read(list, e)).ToArray();
            var foreign = list.Entries.Where(e => !recognizer.Alphabet.TryEncode(e.Transcript, out _, out _)).ToArray();
            if (foreign.Length > 0)
            {
                recognizer.Alphabet.TryEncode(foreign[0].Transcript, out _, out string c);
                stderr.WriteLine($"warning: {foreign.Length:N0} transcript(s) hold characters outside the model's alphabet, which it can never output "
                    + $"(first: '{c}' at {list.Path}:{foreign[0].Line}); they are scored as written");
            }
            var clock = Stopwatch.StartNew();
            var results = recognizer.Transcribe(clips, options);
            double seconds = clock.Elapsed.TotalSeconds, audio = clips.Sum(c => c.Seconds);
            var hypotheses = results.Select(t => t.Text).ToArray();
            var references = list.Entries.Select(e => e.Transcript).ToArray();
            if (r.GetValue(hyp) is string hypPath)
                IO.AtomicFile.WriteAllText(hypPath, string.Concat(list.Entries.Select((e, i) => $"{e.Audio}\t{hypotheses[i]}\n")));
            var words = ErrorRate.Words(hypotheses, references);
            var characters = ErrorRate.Characters(hypotheses, references);
            string decoding = options.IsGreedy ? "greedy" : $"beam {options.Beam}" + (options.LanguageModel is null ? "" : $", LM α {options.Search.Alpha} β {options.Search.Beta}");
            if (r.GetValue(json))
                stdout.WriteLine(new JsonObject
                {
                    ["wer"] = Math.Round(words.Rate, 6), ["cer"] = Math.Round(characters.Rate, 6), ["utterances"] = hypotheses.Length,
                    ["words"] = words.ReferenceLength, ["substitutions"] = words.Substitutions, ["deletions"] = words.Deletions, ["insertions"] = words.Insertions,
                    ["characters"] = characters.ReferenceLength, ["char_substitutions"] = characters.Substitutions, ["char_deletions"] = characters.Deletions,
                    ["char_insertions"] = characters.Insertions, ["exact_match"] = Math.Round((double)hypotheses.Where((h, i) => h == references[i]).Count() / hypotheses.Length, 6),
                    ["audio_seconds"] = Math.Round(audio, 3), ["real_time_factor"] = Math.Round(seconds / Math.Max(audio, 1e-9), 6), ["decoding"] = decoding,
                }.ToJsonString());
            else
            {
                stdout.WriteLine($"WER {100 * words.Rate:F2}% ({words.Errors:N0} errors in {words.ReferenceLength:N0} words: {words.Substitutions:N0} substitutions, {words.Deletions:N0} deletions, {words.Insertions:N0} insertions)");
                stdout.WriteLine($"CER {100 * characters.Rate:F2}% ({characters.Errors:N0} errors in {characters.ReferenceLength:N0} characters: {characters.Substitutions:N0} substitutions, {characters.Deletions:N0} deletions, {characters.Insertions:N0} insertions)");
                stdout.WriteLine($"{hypotheses.Length:N0} utterances, {audio:F1} s of audio in {seconds:F2} s (real-time factor {seconds / Math.Max(audio, 1e-9):F4}, {decoding})");
            }
            return 0;
        });
        return command;
    }

    internal static Audio.AudioClip Read(SpeechManifest list, ManifestEntry entry)
    {
        try { return Audio.WavFile.Read(entry.Audio); }
        catch (IO.InputFileException e) { throw new UserInputException($"{list.Path}:{entry.Line}: {e.Message}", e); }
    }
}
