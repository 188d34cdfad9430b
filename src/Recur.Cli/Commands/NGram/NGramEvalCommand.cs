using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram eval`: perplexity of an ARPA model over a text, the figures KenLM's query prints.</summary>
internal static class NGramEvalCommand
{
    sealed record Report(double Perplexity, double PerplexityExcludingOov, long Oov, long Tokens);

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var arpa = new Option<string>("--arpa") { Description = "ARPA model to evaluate.", Required = true };
        var text = new Option<string>("--text") { Description = "Held-out text, one sentence per line.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("eval", "Perplexity of a model over a text, including and excluding OOVs.") { arpa, text, json };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            var model = ArpaReader.Read(parseResult.GetValue(arpa)!);
            PerplexityResult result;
            using (var reader = new StreamReader(parseResult.GetValue(text)!, System.Text.Encoding.UTF8, true, 1 << 16))
                result = Perplexity.Evaluate(model, reader);
            if (parseResult.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(new Report(result.Perplexity, result.PerplexityExcludingOov, result.Oovs, result.Tokens), Json));
            else
                output.Write(string.Create(CultureInfo.InvariantCulture,
                    $"Perplexity including OOVs:\t{result.Perplexity:0.####}\nPerplexity excluding OOVs:\t{result.PerplexityExcludingOov:0.####}\nOOVs:\t{result.Oovs}\nTokens:\t{result.Tokens}\n"));
            return 0;
        }));
        return command;
    }
}
