using System.CommandLine;
using System.Globalization;
using Recur.IO;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram score`: the log10 probability of each sentence read from stdin (or a file).</summary>
internal static class NGramScoreCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "--arpa") { Description = ModelOption.Description, Required = true };
        var text = new Option<string?>("--text") { Description = "Read sentences from this file instead of stdin." };
        var command = new Command("score", "Print the log10 probability of each sentence (one per line, <s> … </s> included).") { model, text };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            var lm = BackoffModel.Load(parseResult.GetValue(model)!);
            string? path = parseResult.GetValue(text);
            using var input = path == null ? new StrictTextReader(Console.OpenStandardInput(), "stdin", rejectEmpty: false) : TextFile.OpenText(path);
            while (input.ReadLine() is { } line)
                output.WriteLine(lm.SentenceLog10Prob(line).ToString("0.######", CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }
}
