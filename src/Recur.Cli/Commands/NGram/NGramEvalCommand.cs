using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recur.IO;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram eval`: perplexity of a model (ARPA or binary) over a text, the figures KenLM's query prints.</summary>
internal static class NGramEvalCommand
{
    sealed record Report(double Perplexity, double PerplexityExcludingOov, long Oov, long Tokens);

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var model = new Option<string>("--model", "--arpa") { Description = ModelOption.Description, Required = true };
        var text = new Option<string>("--text") { Description = "Held-out text, one sentence per line.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("eval", "Perplexity of a model over a text, including and excluding OOVs.") { model, text, json };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            var lm = BackoffModel.Load(parseResult.GetValue(model)!);
            PerplexityResult result;
            using (var reader = TextFile.OpenText(parseResult.GetValue(text)!))
                result = Perplexity.Evaluate(lm, reader);
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
