using System.Globalization;
using System.Text.Json;
using Recur.Audio;
using Recur.Speech;

namespace Recur.Tests.Cli;

/// <summary>
/// `recur asr` end to end on generated tone utterances: train (built-in task and a manifest), transcribe, eval with
/// and without an n-gram model, align (CTM out), and the bad inputs of the issue — an empty manifest, a missing or unreadable WAV
/// (named with the manifest line), transcripts outside the alphabet, a model directory of another task.
/// </summary>
public sealed class AsrCliTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-asr-tests-").FullName;
    static readonly string[] Tiny = ["--hidden", "8", "--layers", "1", "--batch-size", "8", "--threads", "1"];

    string PathOf(string name) => Path.Combine(root, name);

    /// <summary>Writes <paramref name="count"/> tone utterances as WAV files and a manifest of them (relative paths).</summary>
    string Manifest(string name, int count, ulong seed, Func<string, string>? transcript = null)
    {
        var lines = new List<string>();
        foreach (var (sample, i) in ToneCorpus.Generate(count, seed, heldOut: false).Select((s, i) => (s, i)))
        {
            string wav = $"{name}-{i}.wav";
            WavFile.Write(PathOf(wav), sample.Load());
            lines.Add($"{wav}\t{(transcript ?? (t => t))(sample.Transcript)}");
        }
        string path = PathOf(name + ".tsv");
        File.WriteAllLines(path, lines);
        return path;
    }

    string TrainBuiltIn()
    {
        string model = PathOf("tones");
        var (code, output, error) = CliRunner.Run(["asr", "train", "--out", model, "--steps", "4", "--eval-every", "2", "--tone-utterances", "100", .. Tiny]);
        Assert.True(code == 0, error);
        Assert.Contains("the built-in tone task", output);
        Assert.Contains("WER", output);
        Assert.True(File.Exists(Path.Combine(model, "loss.png")));
        return model;
    }

    [Fact]
    public void TheBuiltInTaskTrainsAndItsModelTranscribesAndEvaluates()
    {
        string model = TrainBuiltIn();
        string list = Manifest("test", 3, 8);
        var wavs = File.ReadAllLines(list).Select(l => PathOf(l.Split('\t')[0])).ToArray();
        var (code, output, error) = CliRunner.Run(["asr", "transcribe", "--model", model, .. wavs]);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Zip(wavs), p => Assert.StartsWith(p.Second + "\t", p.First));

        (code, output, error) = CliRunner.Run("asr", "eval", "--model", model, "--manifest", list, "--json");
        Assert.True(code == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            foreach (string field in new[] { "wer", "cer", "utterances", "substitutions", "deletions", "insertions", "real_time_factor" })
                Assert.True(json.RootElement.TryGetProperty(field, out _), field);
            Assert.Equal(3, json.RootElement.GetProperty("utterances").GetInt32());
        }

        string text = PathOf("lm.txt");
        File.WriteAllLines(text, ToneCorpus.Generate(200, 3, heldOut: false).Select(s => s.Transcript));
        string arpa = PathOf("lm.arpa");
        (code, _, error) = CliRunner.Run("ngram", "train", "--order", "2", "--text", text, "--arpa", arpa, "--discount-fallback");
        Assert.True(code == 0, error);
        (code, output, error) = CliRunner.Run("asr", "eval", "--model", model, "--manifest", list, "--lm", arpa, "--beam", "4");
        Assert.True(code == 0, error);
        Assert.Contains("WER", output);
        Assert.Contains("beam 4, LM", output);
        (code, output, error) = CliRunner.Run(["asr", "transcribe", "--model", model, "--beam", "4", "--n-best", "2", wavs[0]]);
        Assert.True(code == 0, error);
        Assert.InRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 2);

        // A lexicon of one word (a pronunciation-lexicon line: the word, then fields that are ignored): no other word is spelled.
        string word = File.ReadAllText(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).GroupBy(w => w).MaxBy(g => g.Count())!.Key;
        string lexicon = PathOf("lexicon.txt");
        File.WriteAllText(lexicon, $"{word} ignored fields\n\n");
        (code, output, error) = CliRunner.Run(["asr", "transcribe", "--model", model, "--lexicon", lexicon, .. wavs]);
        Assert.True(code == 0, error);
        var spelled = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(l => l.Split('\t')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.All(spelled, w => Assert.Equal(word, w));
        (code, _, error) = CliRunner.Run(["asr", "transcribe", "--model", model, "--lexicon", PathOf("no-lexicon.txt"), wavs[0]]);
        Assert.Equal(1, code);
        Assert.Contains("no-lexicon.txt", error);
        File.WriteAllText(lexicon, " \n");
        (code, _, error) = CliRunner.Run(["asr", "transcribe", "--model", model, "--lexicon", lexicon, wavs[0]]);
        Assert.Equal(1, code);
        Assert.Contains("has no words", error);
    }

    [Fact]
    public void AManifestTrainsAndTranscriptsOutsideTheAlphabetAreReportedAtEval()
    {
        string train = Manifest("train", 24, 1), valid = Manifest("valid", 4, 2);
        string model = PathOf("m");
        var (code, output, error) = CliRunner.Run(["asr", "train", "--manifest", train, "--valid-manifest", valid, "--sample-rate", "8000", "--bins", "20",
            "--out", model, "--steps", "2", "--eval-every", "2", .. Tiny]);
        Assert.True(code == 0, error);
        Assert.Contains("24 training utterances", output);

        string foreign = Manifest("foreign", 2, 3, t => t + " xyz");
        (code, _, error) = CliRunner.Run("asr", "eval", "--model", model, "--manifest", foreign);
        Assert.True(code == 0, error);
        Assert.Contains("outside the model's alphabet", error);
        Assert.Contains(foreign + ":1", error);

        // Alignment: a CTM line per transcript word, in order, within its recording; lines that cannot be aligned are named.
        string ctm = PathOf("valid.ctm");
        (code, _, error) = CliRunner.Run("asr", "align", "--model", model, "--manifest", valid, "--out", ctm, "--threads", "1");
        Assert.True(code == 0, error);
        Assert.Contains("4 of 4 recordings aligned", error);
        var lines = File.ReadAllLines(ctm).Select(l => l.Split(' ')).ToArray();
        var entries = File.ReadAllLines(valid).Select(l => l.Split('\t')).ToArray();
        Assert.Equal(entries.SelectMany(e => e[1].Split(' ')), lines.Select(f => f[4]));
        foreach (var f in lines)
        {
            Assert.Equal(6, f.Length);
            var entry = entries.Single(e => Path.GetFileNameWithoutExtension(e[0]) == f[0]);
            double start = double.Parse(f[2], CultureInfo.InvariantCulture), duration = double.Parse(f[3], CultureInfo.InvariantCulture);
            Assert.True(start >= 0 && duration > 0 && start + duration <= WavFile.Read(PathOf(entry[0])).Seconds + 0.03, string.Join(' ', f));
            Assert.InRange(double.Parse(f[5], CultureInfo.InvariantCulture), 0, 1);
        }
        (code, _, error) = CliRunner.Run("asr", "align", "--model", model, "--manifest", foreign);
        Assert.Equal(1, code);
        Assert.Contains(foreign + ":2", error);
        string crowded = PathOf("crowded.tsv");
        File.WriteAllText(crowded, $"{entries[0][0]}\t{string.Join(' ', Enumerable.Repeat("bad", 400))}\n{entries[1][0]}\t{entries[1][1]}\n");
        (code, output, error) = CliRunner.Run("asr", "align", "--model", model, "--manifest", crowded);
        Assert.True(code == 0, error);
        Assert.Contains(crowded + ":1: the recording is too short", error);
        Assert.Equal(entries[1][1].Split(' ').Length, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void AMissingOrUnreadableRecordingNamesTheManifestLineAndTheFile()
    {
        string list = Manifest("train", 3, 1), valid = Manifest("valid", 2, 2);
        File.AppendAllLines(list, ["nothing-here.wav\tbad"]);
        var (code, _, error) = CliRunner.Run(["asr", "train", "--manifest", list, "--valid-manifest", valid, "--out", PathOf("m"), "--steps", "1", .. Tiny]);
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains(list + ":4", error);
        Assert.Contains("nothing-here.wav", error);
        Assert.DoesNotContain("   at ", error);

        File.WriteAllText(PathOf("nothing-here.wav"), "this is text, not RIFF audio");
        (code, _, error) = CliRunner.Run(["asr", "train", "--manifest", list, "--valid-manifest", valid, "--out", PathOf("m"), "--steps", "1", .. Tiny]);
        Assert.Equal(1, code);
        Assert.Contains("nothing-here.wav", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(Directory.Exists(PathOf("m")) && Directory.EnumerateFileSystemEntries(PathOf("m")).Any());
    }

    [Fact]
    public void AnEmptyManifestAndAModelOfAnotherTaskAreOneLineErrors()
    {
        File.WriteAllText(PathOf("empty.tsv"), "\n");
        var (code, _, error) = CliRunner.Run(["asr", "train", "--manifest", PathOf("empty.tsv"), "--out", PathOf("m"), "--steps", "1", .. Tiny]);
        Assert.Equal(1, code);
        Assert.Contains("empty.tsv", error);
        Assert.Equal(1, error.Trim().Split('\n').Length);

        string text = PathOf("text.txt");
        File.WriteAllLines(text, Enumerable.Repeat("some text to learn from, and more of it", 100));
        string lm = PathOf("lm");
        (code, _, error) = CliRunner.Run("lm", "train", "--text", text, "--out", lm, "--steps", "1", "--hidden", "8", "--embedding", "4", "--layers", "1",
            "--batch-size", "2", "--seq-length", "8", "--sample-length", "0");
        Assert.True(code == 0, error);
        (code, _, error) = CliRunner.Run("asr", "transcribe", "--model", lm, PathOf("x.wav"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains("lm", error);
    }

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
