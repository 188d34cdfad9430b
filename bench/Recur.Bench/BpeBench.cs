using System.Diagnostics;
using System.IO.Compression;
using Recur.Subwords;

namespace Recur.Bench;

/// <summary>
/// `bpe`: trains a BPE vocabulary on the Multi30k English + German training sentences and encodes them, beside
/// Debian's spm_train/spm_encode on the same file and vocabulary size (spm_train at --threads 1 and 2). Ours runs
/// in-process (training, then loading the model and encoding every line, timed apart); the peer's figures are process wall times, start-up included,
/// which for spm is a few milliseconds. Encoding is also checked piece for piece against spm_encode on spm's model.
/// Options: --data ../shared/data/multi30k, --vocab 8000, --runs 3, --no-spm.
/// </summary>
public static class BpeBench
{
    public static int Run(BenchOptions options)
    {
        string data = options.String("data", "../shared/data/multi30k");
        int vocab = options.Int("vocab", 8000);
        int runs = options.Int("runs", 3);
        var lines = ReadGz(Path.Combine(data, "train.en.gz")).Concat(ReadGz(Path.Combine(data, "train.de.gz"))).ToArray();
        var temp = Directory.CreateTempSubdirectory("recur-bpe-bench-");
        try
        {
            string text = Path.Combine(temp.FullName, "train.en-de.txt");
            File.WriteAllLines(text, lines);
            Console.WriteLine($"Multi30k train en+de: {lines.Length} lines, {lines.Sum(l => (long)l.Length)} chars, vocabulary {vocab}; {Environment.ProcessorCount} cores (shared machine, figures are noisy)");

            BpeModel? model = null;
            var train = Time(runs, () => model = BpeTrainer.Train(lines, new BpeTrainerOptions { VocabSize = vocab }));
            Report("recur train", train);
            string ours = Path.Combine(temp.FullName, "recur.model");
            model!.Save(ours);
            // Each run loads the model afresh, so that no run finds words segmented by an earlier one.
            var encode = Time(runs, () => EncodeAll(ours, lines));
            Report("recur load + encode (own model)", encode, lines.Length);

            if (options.Has("no-spm")) return 0;
            string prefix = Path.Combine(temp.FullName, "spm");
            foreach (int threads in new[] { 1, 2 })
            {
                var peer = Time(runs, () => Exec("spm_train", $"--input={text} --model_prefix={prefix} --model_type=bpe --vocab_size={vocab} " +
                                                                $"--character_coverage=0.9995 --num_threads={threads} --minloglevel=2", null));
                Report($"spm_train --num_threads={threads}", peer);
            }
            var encodeSpmModel = Time(runs, () => EncodeAll(prefix + ".model", lines));
            Report("recur load + encode (spm's model, NFKC)", encodeSpmModel, lines.Length);
            var spmModel = BpeModel.Load(prefix + ".model");
            string spmPieces = "";
            var spmEncode = Time(runs, () => spmPieces = Exec("spm_encode", $"--model={prefix}.model --output_format=piece", text));
            Report("spm_encode (spm's model)", spmEncode, lines.Length);
            var spmEncodeOurs = Time(runs, () => Exec("spm_encode", $"--model={ours} --output_format=piece", text));
            Report("spm_encode (recur's model)", spmEncodeOurs, lines.Length);

            var expected = spmPieces.TrimEnd('\n').Split('\n');
            int same = 0;
            for (int i = 0; i < lines.Length; i++) if (expected[i] == string.Join(' ', spmModel.Encode(lines[i]))) same++;
            Console.WriteLine($"recur's pieces equal spm_encode's on {same} of {lines.Length} lines (spm's model)");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
        return 0;
    }

    static void EncodeAll(string modelPath, string[] lines)
    {
        var model = BpeModel.Load(modelPath);
        foreach (string line in lines) model.Encode(line);
    }

    static IEnumerable<string> ReadGz(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line) yield return line;
    }

    // Runs `work` `runs` times; returns the first (cold) and the best seconds.
    static (double First, double Best) Time(int runs, Action work)
    {
        double first = 0, best = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            work();
            double s = watch.Elapsed.TotalSeconds;
            if (r == 0) first = s;
            best = Math.Min(best, s);
        }
        return (first, best);
    }

    static void Report(string what, (double First, double Best) t, int lines = 0) =>
        Console.WriteLine($"{what,-40} best {t.Best,8:F3} s   first {t.First,8:F3} s" + (lines > 0 ? $"   {lines / t.Best / 1000,8:F1} k lines/s" : ""));

    static string Exec(string program, string arguments, string? stdinFile)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdinFile != null };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdinFile != null)
        {
            using (var input = File.OpenRead(stdinFile)) input.CopyTo(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        }
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {stderr.Result}");
        return stdout.Result;
    }
}
