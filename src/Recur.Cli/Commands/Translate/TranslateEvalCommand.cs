using System.CommandLine;
using System.Text.Json.Nodes;
using Recur.IO;
using Recur.Metrics;

namespace Recur.Cli.Commands.Translate;

/// <summary>
/// `recur translate eval`: translates --src and scores the output against --ref with sacreBLEU-exact BLEU (13a,
/// cased) and chrF2, plus the teacher-forced perplexity of the references and the exact-match rate.
/// </summary>
internal static class TranslateEvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = TranslateModel.Description, Required = true };
        var src = new Option<string>("--src") { Description = "Source sentences, one a line.", Required = true };
        var reference = new Option<string>("--ref") { Description = "Reference translations, line k translating line k of --src.", Required = true };
        var hyp = new Option<string?>("--hyp-out") { Description = "Also write the translations to this file." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (bleu, chrf, perplexity, sentences, exact_match, …)." };
        var decoding = new DecodingOptions();
        var command = new Command("eval", "Translate a test set and score it: BLEU, chrF, perplexity, exact match.") { model, src, reference, hyp, json };
        foreach (var option in decoding.Options) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            var (translator, _) = TranslateModel.Load(r.GetValue(model)!);
            var (options, generator) = decoding.Parse(r);
            string srcPath = r.GetValue(src)!, refPath = r.GetValue(reference)!;
            var sources = TextFile.ReadLines(srcPath).Select(l => l.Text).ToArray();
            var references = TextFile.ReadLines(refPath).Select(l => l.Text).ToArray();
            if (sources.Length != references.Length)
                throw new UserInputException($"{srcPath} has {sources.Length:N0} lines but {refPath} has {references.Length:N0}; line k of one must translate line k of the other");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var hypotheses = translator.Translate(sources, options, generator).Select(t => t.Text).ToArray();
            double seconds = clock.Elapsed.TotalSeconds;
            if (r.GetValue(hyp) is string hypPath) AtomicFile.WriteAllText(hypPath, string.Join("", hypotheses.Select(h => h + "\n")));
            var bleu = new Bleu().Corpus(hypotheses, [references]);
            var chrF = new ChrF().Corpus(hypotheses, [references]);
            double perplexity = translator.Perplexity(sources, references);
            double exact = (double)hypotheses.Where((h, i) => h == references[i]).Count() / Math.Max(1, hypotheses.Length);
            if (r.GetValue(json))
                stdout.WriteLine(new JsonObject
                {
                    ["bleu"] = Math.Round(bleu.Score, 4), ["chrf"] = Math.Round(chrF.Score, 4), ["perplexity"] = Math.Round(perplexity, 4),
                    ["sentences"] = sources.Length, ["exact_match"] = Math.Round(exact, 6), ["bleu_line"] = bleu.ToString(),
                    ["sentences_per_second"] = Math.Round(sources.Length / seconds, 2), ["beam"] = options.Beam,
                }.ToJsonString());
            else
            {
                stdout.WriteLine(bleu.ToString());
                stdout.WriteLine(chrF.ToString());
                stdout.WriteLine($"perplexity {perplexity:F2}, exact match {exact:P1}, {sources.Length:N0} sentences in {seconds:F1} s ({sources.Length / seconds:F1} sentences/s, beam {options.Beam})");
            }
            return 0;
        });
        return command;
    }
}
