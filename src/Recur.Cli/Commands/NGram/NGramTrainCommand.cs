using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recur.IO;
using Recur.NGram;
using Spectre.Console;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram train`: counts a corpus, estimates a smoothed model and writes it as ARPA and/or binary.</summary>
internal static class NGramTrainCommand
{
    // Above this size the counting pass shows a progress bar (when writing to a terminal).
    const long ProgressThresholdBytes = 16 << 20;

    public static Command Create()
    {
        var order = new Option<int>("--order", "-o") { Description = "Highest n-gram order N (1 or more).", DefaultValueFactory = _ => 3 };
        var text = new Option<string>("--text") { Description = "Training text: whitespace-tokenised, one sentence per line.", Required = true };
        var arpa = new Option<string?>("--arpa") { Description = "Where to write the ARPA model." };
        var binary = new Option<string?>("--binary") { Description = "Where to write the model in the binary format (fast to load); --arpa, --binary or both." };
        var smoothing = new Option<string>("--smoothing")
        {
            Description = "kneser-ney (modified, as KenLM's lmplz), witten-bell or add-k.",
            DefaultValueFactory = _ => "kneser-ney",
        };
        smoothing.AcceptOnlyFromAmong("kneser-ney", "witten-bell", "add-k");
        var k = new Option<double>("--k") { Description = "Pseudo-count for add-k smoothing.", DefaultValueFactory = _ => 1.0 };
        var fallback = new Option<bool>("--discount-fallback")
        {
            Description = "When counts of counts leave a Kneser-Ney discount undefined (tiny corpora), use D1=0.5 D2=1 D3+=1.5 instead of failing.",
        };
        var command = new Command("train", "Estimate an n-gram model from text and write it as ARPA and/or binary.") { order, text, arpa, binary, smoothing, k, fallback };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            int n = parseResult.GetValue(order);
            if (n < 1) throw new ArgumentException($"--order must be at least 1, got {n}");
            string? arpaPath = parseResult.GetValue(arpa), binaryPath = parseResult.GetValue(binary);
            if (arpaPath == null && binaryPath == null) throw new ArgumentException("give --arpa, --binary or both: where to write the model");
            string textPath = parseResult.GetValue(text)!;
            foreach (var (flag, path) in new[] { ("--arpa", arpaPath), ("--binary", binaryPath) })
                if (path != null && FileIdentity.IsSameFile(path, textPath))
                    throw new ArgumentException($"{flag} {path} is the training text {textPath}; writing it would replace the corpus");
            if (arpaPath != null && binaryPath != null && FileIdentity.IsSameFile(arpaPath, binaryPath))
                throw new ArgumentException($"--arpa and --binary name the same file ({arpaPath})");
            INGramSmoothing method = parseResult.GetValue(smoothing) switch
            {
                "witten-bell" => new WittenBellSmoothing(),
                "add-k" => new AddKSmoothing(parseResult.GetValue(k)),
                _ => new KneserNeySmoothing(parseResult.GetValue(fallback) ? [KneserNeyDiscount.Fallback] : null),
            };
            return Train(n, textPath, arpaPath, binaryPath, method, output);
        }));
        return command;
    }

    static int Train(int order, string textPath, string? arpaPath, string? binaryPath, INGramSmoothing smoothing, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var clock = Stopwatch.StartNew();
        var counter = new NGramCounter(order);
        using (var stream = InputFile.Open(textPath))
        using (var reader = new StrictTextReader(stream, textPath))
        {
            bool showProgress = stream.Length > ProgressThresholdBytes && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            try
            {
                if (showProgress)
                    console.Progress().Start(context =>
                    {
                        var task = context.AddTask("counting n-grams", maxValue: stream.Length);
                        counter.AddText(reader, new CommandErrors.InlineProgress<long>(_ => task.Value = stream.Position));
                        task.Value = stream.Length;
                    });
                else
                    counter.AddText(reader);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{textPath}: {e.Message}");
            }
        }
        if (counter.Tokens == 0) throw new InputFileException(textPath, $"has no words ({counter.Sentences:N0} blank lines); expected one whitespace-tokenised sentence per line");
        var counts = counter.ToCounts();
        InterpolationWeights weights;
        try
        {
            weights = smoothing.Estimate(counts);
        }
        catch (DiscountUndefinedException e)
        {
            throw new InvalidOperationException($"{textPath}: {e.Message} (pass --discount-fallback)");
        }
        var model = NGramEstimator.Interpolate(counts, weights);
        if (arpaPath != null) ArpaWriter.Write(model, arpaPath);
        if (binaryPath != null) NGramBinaryWriter.Write(model, binaryPath);

        var table = new Table().AddColumn("order").AddColumn(new TableColumn("n-grams").RightAligned());
        if (weights.Discounts != null)
            table.AddColumn(new TableColumn("D1").RightAligned()).AddColumn(new TableColumn("D2").RightAligned()).AddColumn(new TableColumn("D3+").RightAligned());
        for (int n = 1; n <= order; n++)
        {
            var row = new List<string> { n.ToString(CultureInfo.InvariantCulture), CountWritten(model, n).ToString("N0", CultureInfo.InvariantCulture) };
            if (weights.Discounts is { } d)
                row.AddRange([Format(d[n - 1].D1), Format(d[n - 1].D2), Format(d[n - 1].D3Plus)]);
            table.AddRow(row.ToArray());
        }
        console.Write(table);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{smoothing.Name}, {counter.Sentences:N0} sentences, {counter.Tokens:N0} words; wrote {string.Join(" and ", new[] { arpaPath, binaryPath }.OfType<string>())} in {clock.Elapsed.TotalSeconds:F2} s"));
        return 0;
    }

    static long CountWritten(BackoffModel model, int n)
    {
        long count = 0;
        foreach (float p in model.LogProbs(n)) if (!float.IsNaN(p)) count++;
        return count;
    }

    static string Format(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);
}
