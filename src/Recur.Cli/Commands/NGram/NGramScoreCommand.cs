using System.CommandLine;
using System.Globalization;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram score`: the log10 probability of each sentence read from stdin (or a file).</summary>
internal static class NGramScoreCommand
{
    public static Command Create()
    {
        var arpa = new Option<string>("--arpa") { Description = "ARPA model.", Required = true };
        var text = new Option<string?>("--text") { Description = "Read sentences from this file instead of stdin." };
        var command = new Command("score", "Print the log10 probability of each sentence (one per line, <s> … </s> included).") { arpa, text };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            var model = ArpaReader.Read(parseResult.GetValue(arpa)!);
            string? path = parseResult.GetValue(text);
            using var input = path == null ? Console.In : new StreamReader(path);
            while (input.ReadLine() is { } line)
                output.WriteLine(model.SentenceLog10Prob(line).ToString("0.######", CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }
}
