using System.CommandLine;
using Recur.Metrics;

namespace Recur.Cli.Commands.Metrics;

/// <summary>`recur chrf`: corpus chrF (or chrF++ with --word-order 2), printed as sacreBLEU prints it.</summary>
internal static class ChrFCommand
{
    public static Command Create()
    {
        var refs = new Option<string[]>("--ref", "-r") { Description = "Reference file, one sentence per line; repeat for several references.", Required = true };
        var hyp = new Option<string?>("--hyp") { Description = "Hypotheses file (default: stdin)." };
        var charOrder = new Option<int>("--char-order") { Description = "Longest character n-gram.", DefaultValueFactory = _ => 6 };
        var wordOrder = new Option<int>("--word-order") { Description = "Longest word n-gram (2 for chrF++).", DefaultValueFactory = _ => 0 };
        var beta = new Option<int>("--beta") { Description = "Weight of recall against precision.", DefaultValueFactory = _ => 2 };
        var lowercase = new Option<bool>("--lowercase", "-lc") { Description = "Case-insensitive chrF." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object, as sacreBLEU does." };
        var command = new Command("chrf", "Corpus chrF / chrF++ as sacreBLEU 2.x computes it.") { refs, hyp, charOrder, wordOrder, beta, lowercase, json };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            var options = new ChrFOptions
            {
                CharOrder = parse.GetValue(charOrder),
                WordOrder = parse.GetValue(wordOrder),
                Beta = parse.GetValue(beta),
                Lowercase = parse.GetValue(lowercase),
            };
            if (options.CharOrder < 0) throw new UserInputException($"--char-order {options.CharOrder}: must be 0 or more");
            if (options.WordOrder < 0) throw new UserInputException($"--word-order {options.WordOrder}: must be 0 or more");
            if (options.CharOrder + options.WordOrder == 0) throw new UserInputException("--char-order 0 --word-order 0: nothing to count");
            if (options.Beta < 0) throw new UserInputException($"--beta {options.Beta}: must be 0 or more");
            var data = ReferenceSet.Read(parse.GetValue(hyp), parse.GetValue(refs)!);
            var chrf = new ChrF(options);
            var score = chrf.Corpus(data.Hypotheses, data.References);
            string line = score.ToString();
            output.WriteLine(parse.GetValue(json) ? MetricJson.Format(score.Name, score.Score, chrf.Signature(data.References.Length), line) : line);
            return 0;
        });
        return command;
    }
}
