using System.CommandLine;
using System.Globalization;
using System.Text;
using Recur.Speech;

namespace Recur.Cli.Commands.Asr;

/// <summary>
/// `recur asr align`: where each word of a manifest's transcripts is spoken, by CTC forced alignment with a trained
/// model, written as CTM lines (NIST's time-marked conversation format, as Kaldi and sclite read it):
/// <c>recording channel start duration word confidence</c>, times in seconds, the recording named by its file's stem.
/// </summary>
internal static class AsrAlignCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = AsrModel.Description, Required = true };
        var manifest = new Option<string>("--manifest") { Description = "Recordings and the transcripts to align: 'path<TAB>transcript' lines, paths relative to the file.", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the CTM lines to this file (atomically) instead of standard output." };
        var batchSize = new Option<int>("--batch-size") { Description = "Utterances per forward pass.", DefaultValueFactory = _ => 16 };
        var threads = new Option<int?>("--threads") { Description = "Threads for features, the model and the alignment. Default: all processors." };
        var command = new Command("align", "Find where each transcript word is spoken (CTC forced alignment); print CTM lines: recording, channel, start, duration, word, confidence.")
            { model, manifest, output, batchSize, threads };
        LmCommand.SetGuardedAction(command, (r, stdout, stderr) =>
        {
            var (recognizer, _) = AsrModel.Load(r.GetValue(model)!);
            if (r.GetValue(batchSize) is int b && b < 1) throw new UserInputException($"--batch-size {b}: must be at least 1");
            if (r.GetValue(threads) is int n && n < 1) throw new UserInputException($"--threads {n}: must be at least 1");
            using var limit = r.GetValue(threads) is int t ? Kernels.Parallelism.Limit(t) : null;
            var list = SpeechManifest.Read(r.GetValue(manifest)!);
            var entries = new List<ManifestEntry>();
            foreach (var e in list.Entries)
            {
                if (recognizer.Alphabet.TryEncode(e.Transcript, out _, out string c)) entries.Add(e);
                else stderr.WriteLine($"warning: {list.Path}:{e.Line}: the transcript holds '{c}', which is not in the model's alphabet; not aligned");
            }
            var clips = entries.Select(e => AsrEvalCommand.Read(list, e)).ToArray();
            var alignments = recognizer.Align(clips, entries.Select(e => e.Transcript).ToArray(), r.GetValue(batchSize));
            var ctm = new StringBuilder();
            int unaligned = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                if (alignments[i] is not { } alignment)
                {
                    stderr.WriteLine($"warning: {list.Path}:{entries[i].Line}: the recording is too short for its transcript at the model's frame rate; not aligned");
                    unaligned++;
                    continue;
                }
                foreach (var w in alignment.Words)
                    ctm.Append(CultureInfo.InvariantCulture, $"{RecordingId(entries[i].Audio)} 1 {alignment.Seconds(w.StartFrame):F3} {alignment.Seconds(w.EndFrame - w.StartFrame):F3} {w.Word} {w.Confidence:F3}\n");
            }
            if (r.GetValue(output) is string path) IO.AtomicFile.WriteAllText(path, ctm.ToString());
            else stdout.Write(ctm);
            stderr.WriteLine($"{entries.Count - unaligned:N0} of {list.Entries.Count:N0} recordings aligned");
            return entries.Count - unaligned > 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>A CTM line's first field: the recording's file name without its extension, spaces made underscores (CTM fields are space-separated).</summary>
    static string RecordingId(string audio) => Path.GetFileNameWithoutExtension(audio).Replace(' ', '_');
}
