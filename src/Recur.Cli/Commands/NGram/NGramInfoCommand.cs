using System.CommandLine;
using System.Text.Json;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram info`: what an n-gram model file holds — format, order, vocabulary, n-grams per order, size.</summary>
internal static class NGramInfoCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "--arpa") { Description = ModelOption.Description, Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Describe an n-gram model: format, order, vocabulary size, n-grams per order, file size.") { model, json };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            string path = parseResult.GetValue(model)!;
            bool binary = BackoffModel.IsBinaryFile(path);
            var lm = BackoffModel.Load(path);
            long bytes = new FileInfo(path).Length;
            var counts = Enumerable.Range(1, lm.Order).Select(n => (long)lm.Size(n)).ToArray();
            string format = binary ? "binary" : "arpa";
            if (parseResult.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(new { format, order = lm.Order, vocabulary = lm.Vocabulary.Count, ngrams = counts, bytes }));
            else
                output.WriteLine($"{path}: {format} {lm.Order}-gram model, vocabulary {lm.Vocabulary.Count:N0} words (incl. <unk>, <s>, </s>); "
                    + string.Join(", ", counts.Select((c, i) => $"{c:N0} {i + 1}-grams")) + $"; {bytes:N0} bytes");
            return 0;
        }));
        return command;
    }
}
