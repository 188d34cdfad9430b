using System.CommandLine;
using Recur.Metrics;

namespace Recur.Cli.Commands.Metrics;

/// <summary>`recur bleu`: corpus BLEU of stdin (or --hyp) against one or more references, printed as sacreBLEU prints it.</summary>
internal static class BleuCommand
{
    public static Command Create()
    {
        var refs = new Option<string[]>("--ref", "-r") { Description = "Reference file, one sentence per line; repeat for several references.", Required = true, AllowMultipleArgumentsPerToken = false };
        var hyp = new Option<string?>("--hyp") { Description = "Hypotheses file (default: stdin)." };
        var lowercase = new Option<bool>("--lowercase", "-lc") { Description = "Case-insensitive BLEU." };
        var smooth = new Option<string>("--smooth") { Description = "Smoothing: exp, floor, add-k or none.", DefaultValueFactory = _ => "exp" };
        smooth.AcceptOnlyFromAmong("exp", "floor", "add-k", "none");
        var smoothValue = new Option<double?>("--smooth-value") { Description = "ε for floor (0.1) or k for add-k (1)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object, as sacreBLEU does." };
        var command = new Command("bleu", "Corpus BLEU as sacreBLEU 2.x computes it (13a tokens).") { refs, hyp, lowercase, smooth, smoothValue, json };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            var options = new BleuOptions
            {
                Lowercase = parse.GetValue(lowercase),
                Smoothing = parse.GetValue(smooth) switch { "floor" => BleuSmoothing.Floor, "add-k" => BleuSmoothing.AddK, "none" => BleuSmoothing.None, _ => BleuSmoothing.Exp },
                SmoothValue = parse.GetValue(smoothValue),
            };
            if (options.SmoothValue is double v && !(v > 0 && double.IsFinite(v))) throw new UserInputException($"--smooth-value {v}: must be positive");
            var data = ReferenceSet.Read(parse.GetValue(hyp), parse.GetValue(refs)!);
            var bleu = new Bleu(options);
            var score = bleu.Corpus(data.Hypotheses, data.References);
            string line = score.ToString();
            output.WriteLine(parse.GetValue(json) ? MetricJson.Format("BLEU", score.Score, bleu.Signature(data.References.Length), line) : line);
            return 0;
        });
        return command;
    }
}
