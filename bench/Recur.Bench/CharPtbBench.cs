using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Recur.Kernels;
using Recur.LanguageModels;

namespace Recur.Bench;

/// <summary>
/// Character-level Penn Treebank (Mikolov's char files under ../shared/data/ptb) for each sequence layer at one
/// parameter count and one training budget: trains the char-LM (Embedding → layer stack → Linear) with Adam on the
/// training part, validates on the validation part, and prints test bits per character, as Bai et al. (2018, table 1)
/// compare a TCN (1.31) with an LSTM (1.36). The files hold one space-separated symbol per character and <c>_</c> for
/// a word boundary; each line becomes its symbols with the separators removed and <c>_</c> as a space, plus a newline,
/// which keeps the 50-symbol alphabet (49 symbols and the end of line) that those figures count bits over.
/// Options: --models lstm,gru,tcn,mingru,minlstm,lru,s4d,mamba, --params 1000000, --steps 1000 (or --minutes M), --seq 128, --batch 32,
/// --threads 2, --layers-&lt;kind&gt; N, --data ../shared/data/ptb, --work DIR (where converted text and runs go).
/// </summary>
public static class CharPtbBench
{
    static readonly Dictionary<CellKind, int> DefaultLayers = new()
    {
        [CellKind.Rnn] = 2, [CellKind.Lstm] = 2, [CellKind.Gru] = 2, [CellKind.Tcn] = 6, [CellKind.Mingru] = 3,
        [CellKind.Minlstm] = 3, [CellKind.Lru] = 3, [CellKind.S4d] = 3, [CellKind.Mamba] = 3,
    };

    public static int Run(BenchOptions o)
    {
        string data = o.String("data", Path.Combine("..", "shared", "data", "ptb"));
        string work = o.String("work", Path.Combine(Path.GetTempPath(), "recur-charptb"));
        int threads = o.Int("threads", 2), target = o.Int("params", 1_000_000), seq = o.Int("seq", 128), batch = o.Int("batch", 32);
        double? minutes = o.Has("minutes") ? o.Double("minutes", 8) : null;
        int? steps = minutes is null ? o.Int("steps", 1000) : null;
        var kinds = o.String("models", "lstm,gru,tcn,mingru,minlstm,lru,s4d,mamba").Split(',')
            .Select(m => Enum.Parse<CellKind>(m, ignoreCase: true)).ToArray();
        Parallelism.MaxThreads = threads;
        Directory.CreateDirectory(work);
        string train = Convert(Path.Combine(data, "ptb.char.train.txt.gz"), Path.Combine(work, "train.txt"));
        string valid = Convert(Path.Combine(data, "ptb.char.valid.txt"), Path.Combine(work, "valid.txt"));
        string test = File.ReadAllText(Convert(Path.Combine(data, "ptb.char.test.txt"), Path.Combine(work, "test.txt")));
        string trainText = File.ReadAllText(train), validText = File.ReadAllText(valid);

        Console.WriteLine($"# char-PTB: {trainText.Length:N0} training characters; {(steps is null ? $"{minutes} min" : $"{steps} steps")} per model, {threads} threads, batch {batch} × {seq}, target {target:N0} parameters");
        Console.WriteLine("| model | layers × hidden | parameters | steps | minutes | tokens/s | valid bpc | test bpc |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in kinds)
        {
            int layers = o.Int("layers-" + kind.ToString().ToLowerInvariant(), DefaultLayers[kind]);
            var baseSettings = new LmSettings
            {
                Cell = kind, Layers = layers, Embedding = 64, SeqLength = seq, BatchSize = batch, Text = train, Valid = valid,
                Minutes = minutes, Steps = steps, EvalEvery = 1000, Seed = 1, Threads = threads, Dropout = 0.1f,
            };
            // Embedding (V, 64) and head (H, V) around the stack; V = 50 symbols.
            int hidden = SequenceLayers.HiddenFor(kind.ToString().ToLowerInvariant(), 64, target, h => 50 * 64 + 50L * h + 50, layers);
            var settings = baseSettings with { Hidden = hidden };
            var run = LmTraining.Create(settings, trainText, validText, Path.Combine(work, "runs", kind.ToString().ToLowerInvariant()));
            var clock = Stopwatch.StartNew();
            var result = run.Run();
            double trained = clock.Elapsed.TotalMinutes;
            var model = run.Task.Model;
            var testScore = CharLmEvaluation.Evaluate(model, run.Task.Corpus.Characters!.Encode(test));
            double validBpc = result.LastMetrics?.GetValueOrDefault("bpc") ?? double.NaN;
            double tokensPerSecond = result.Tokens / result.ElapsedSeconds;   // the trainer's clock: steps and validations
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind.ToString().ToLowerInvariant()} | {layers} × {hidden} | {model.ParameterCount:N0} | {result.Step} | {trained:F1} | {tokensPerSecond:F0} | {validBpc:F3} | {testScore.BitsPerChar:F3} |"));
        }
        return 0;
    }

    /// <summary>Writes the file's lines as plain characters (see the type's summary) once, and returns the path.</summary>
    static string Convert(string source, string destination)
    {
        if (File.Exists(destination)) return destination;
        using var input = source.EndsWith(".gz", StringComparison.Ordinal)
            ? new StreamReader(new GZipStream(File.OpenRead(source), CompressionMode.Decompress))
            : new StreamReader(source);
        using var output = new StringWriter();
        while (input.ReadLine() is { } line)
        {
            var symbols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (symbols.Length == 0) continue;
            output.Write(string.Concat(symbols).Replace('_', ' '));
            output.Write('\n');
        }
        File.WriteAllText(destination + ".tmp", output.ToString());
        File.Move(destination + ".tmp", destination, overwrite: true);
        return destination;
    }
}
