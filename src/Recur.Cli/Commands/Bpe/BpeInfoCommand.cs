using System.CommandLine;
using System.Text.Json;
using Recur.Subwords;

namespace Recur.Cli.Commands.Bpe;

/// <summary>`recur bpe info`: what a sentencepiece BPE model holds — vocabulary size by piece type, specials, normaliser.</summary>
internal static class BpeInfoCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A sentencepiece BPE .model file.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Describe a BPE model: vocabulary size, pieces by type, special ids, byte fallback, normaliser.") { model, json };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            string path = parse.GetValue(model)!;
            var bpe = BpeModelInput.Load(path);
            var types = bpe.Pieces.GroupBy(p => p.Type).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => g.Count());
            var specials = new Dictionary<string, int> { ["unk"] = bpe.UnknownId, ["bos"] = bpe.BosId, ["eos"] = bpe.EosId, ["pad"] = bpe.PadId };
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    vocab_size = bpe.VocabSize, pieces = types, ids = specials, byte_fallback = bpe.ByteFallback, normalizer = bpe.Normalizer.Name,
                    bytes = new FileInfo(path).Length,
                }));
                return 0;
            }
            output.WriteLine($"{path}: BPE model, vocabulary {bpe.VocabSize:N0} ({string.Join(", ", types.Select(t => $"{t.Value:N0} {t.Key}"))}); "
                + $"ids {string.Join(" ", specials.Select(s => $"{s.Key}={s.Value}"))}; byte fallback {(bpe.ByteFallback ? "on" : "off")}; normaliser {bpe.Normalizer.Name}");
            return 0;
        });
        return command;
    }
}
