using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Recur.Audio;

namespace Recur.Bench;

/// <summary>
/// Builds the recognition benchmarks' data from ../shared/data (never committed; tests use generated signals):
/// <list type="bullet">
/// <item><c>--task yesno</c>: Kaldi's yes/no recordings as manifests, the first 30 (by name) to train, the last 30 to test, as its recipe.</item>
/// <item><c>--task fsdd</c>: digit strings made by joining 3–7 FSDD recordings of one speaker with 50–300 ms of silence;
/// training strings from the official train takes (5–49), test strings from the test takes (0–4), and a
/// leave-one-speaker-out pair (train on five speakers' train takes, test on strings of the sixth's recordings).
/// Transcripts are the digits separated by spaces, so WER is the digit error rate.</item>
/// <item><c>--task espeak</c>: Multi30k English captions spoken by espeak-ng (several voices, variants and speeds, drawn
/// from the seed), lower-cased to letters, apostrophes and spaces; train from <c>train.en</c>, test from
/// <c>test_2016_flickr.en</c>, and <c>lm.txt</c>: every normalised training caption, for the word n-gram model.</item>
/// </list>
/// Options: --task, --out DIR, --data ../shared/data, --seed 1, --train N, --test N, --held-out-speaker theo, --jobs 2.
/// </summary>
public static class AsrDataBench
{
    public static int Run(BenchOptions options)
    {
        string task = options.String("task", ""), outDir = Path.GetFullPath(options.String("out", $"asr-{task}"));
        string data = Path.GetFullPath(options.String("data", "../shared/data"));
        Directory.CreateDirectory(outDir);
        var g = new Generator((ulong)options.Int("seed", 1));
        switch (task)
        {
            case "yesno": YesNo(Path.Combine(data, "yesno"), outDir); break;
            case "fsdd": Fsdd(Path.Combine(data, "fsdd", "recordings"), outDir, options.Int("train", 3000), options.Int("test", 500), options.String("held-out-speaker", "theo"), g); break;
            case "espeak": Espeak(Path.Combine(data, "multi30k"), outDir, options.Int("train", 6000), options.Int("test", 500), options.Int("jobs", 2), g); break;
            default: Console.Error.WriteLine("asr-data: --task must be yesno, fsdd or espeak"); return 2;
        }
        return 0;
    }

    static void YesNo(string folder, string outDir)
    {
        var files = Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).ToArray();
        string Line(string f) => $"{f}\t{string.Join(' ', Path.GetFileNameWithoutExtension(f).Split('_').Select(b => b == "1" ? "yes" : "no"))}\n";
        File.WriteAllText(Path.Combine(outDir, "train.tsv"), string.Concat(files.Take(30).Select(Line)));
        File.WriteAllText(Path.Combine(outDir, "test.tsv"), string.Concat(files.Skip(30).Select(Line)));
        Console.WriteLine($"yesno: {Math.Min(30, files.Length)} train, {Math.Max(0, files.Length - 30)} test utterances in {outDir}");
    }

    static void Fsdd(string folder, string outDir, int train, int test, string heldOut, Generator g)
    {
        var recordings = Directory.GetFiles(folder, "*.wav").Select(f => (Path: f, Parts: Path.GetFileNameWithoutExtension(f).Split('_')))
            .Select(r => (r.Path, Digit: r.Parts[0], Speaker: r.Parts[1], Take: int.Parse(r.Parts[2]))).ToArray();
        var speakers = recordings.Select(r => r.Speaker).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (!speakers.Contains(heldOut)) throw new ArgumentException($"--held-out-speaker {heldOut}: the speakers are {string.Join(", ", speakers)}");
        var audio = recordings.ToDictionary(r => r.Path, r => WavFile.Read(r.Path));
        string wav = Path.Combine(outDir, "wav");
        Directory.CreateDirectory(wav);

        void Write(string name, int count, IReadOnlyList<(string Path, string Digit, string Speaker, int Take)> pool)
        {
            var bySpeaker = pool.GroupBy(r => r.Speaker).Select(s => s.ToArray()).ToArray();
            var lines = new StringBuilder();
            for (int i = 0; i < count; i++)
            {
                var speaker = bySpeaker[g.NextInt(bySpeaker.Length)];
                int n = 3 + g.NextInt(5);
                var picked = Enumerable.Range(0, n).Select(_ => speaker[g.NextInt(speaker.Length)]).ToArray();
                var samples = new List<float>();
                int rate = audio[picked[0].Path].SampleRate;
                foreach (var r in picked)
                {
                    samples.AddRange(new float[(50 + g.NextInt(251)) * rate / 1000]);
                    samples.AddRange(audio[r.Path].ResampledTo(rate).Samples);
                }
                samples.AddRange(new float[(50 + g.NextInt(251)) * rate / 1000]);
                string file = Path.Combine(wav, $"{name}-{i:D5}.wav");
                WavFile.Write(file, new AudioClip([.. samples], rate));
                lines.Append($"{file}\t{string.Join(' ', picked.Select(r => r.Digit))}\n");
            }
            File.WriteAllText(Path.Combine(outDir, $"{name}.tsv"), lines.ToString());
        }

        Write("train", train, recordings.Where(r => r.Take >= 5).ToArray());
        Write("test", test, recordings.Where(r => r.Take < 5).ToArray());
        Write($"loso-{heldOut}-train", train, recordings.Where(r => r.Take >= 5 && r.Speaker != heldOut).ToArray());
        Write($"loso-{heldOut}-test", test, recordings.Where(r => r.Speaker == heldOut).ToArray());
        Console.WriteLine($"fsdd: {train} train / {test} test strings, and leave-{heldOut}-out, in {outDir}");
    }

    static readonly string[] Voices = ["en-us", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-029", "en-gb-x-gbclan"];
    static readonly string[] Variants = ["", "+m1", "+m3", "+m5", "+f1", "+f3", "+f4", "+klatt"];

    static void Espeak(string folder, string outDir, int train, int test, int jobs, Generator g)
    {
        var trainText = Captions(Path.Combine(folder, "train.en.gz"));
        var testText = Captions(Path.Combine(folder, "test_2016_flickr.en.gz"));
        File.WriteAllText(Path.Combine(outDir, "lm.txt"), string.Concat(trainText.Select(t => t + "\n")));
        // Train on a seeded sample of the captions; the language model sees all of them (text is cheap, audio is not).
        var order = Enumerable.Range(0, trainText.Length).Select(i => (Key: g.NextDouble(), i)).OrderBy(p => p.Key).Select(p => p.i).Take(train).ToArray();
        string wav = Path.Combine(outDir, "wav");
        Directory.CreateDirectory(wav);
        var clock = Stopwatch.StartNew();
        Speak("train", order.Select(i => trainText[i]).ToArray(), wav, outDir, jobs, g);
        Speak("test", testText.Take(test).ToArray(), wav, outDir, jobs, g);
        Console.WriteLine($"espeak: {train} train / {Math.Min(test, testText.Length)} test utterances, lm.txt of {trainText.Length} captions, in {outDir} ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    static void Speak(string name, string[] sentences, string wav, string outDir, int jobs, Generator g)
    {
        var settings = sentences.Select(_ => (Voice: Voices[g.NextInt(Voices.Length)] + Variants[g.NextInt(Variants.Length)], Speed: 140 + g.NextInt(61))).ToArray();
        var files = new string[sentences.Length];
        Parallel.For(0, sentences.Length, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i =>
        {
            files[i] = Path.Combine(wav, $"{name}-{i:D5}.wav");
            var start = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-v", settings[i].Voice, "-s", settings[i].Speed.ToString(), "-w", files[i], sentences[i] }) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"espeak-ng failed on '{sentences[i]}': {p.StandardError.ReadToEnd()}");
        });
        File.WriteAllText(Path.Combine(outDir, $"{name}.tsv"), string.Concat(sentences.Select((s, i) => $"{files[i]}\t{s}\n")));
    }

    /// <summary>Captions lower-cased to a–z, apostrophes and single spaces (the recogniser's alphabet); other characters become spaces.</summary>
    static string[] Captions(string gz)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gz), CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var text = new StringBuilder(line.Length);
            foreach (char c in line.ToLowerInvariant()) text.Append(c is >= 'a' and <= 'z' or '\'' ? c : ' ');
            string normalised = string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (normalised.Length > 0) lines.Add(normalised);
        }
        return [.. lines];
    }
}
