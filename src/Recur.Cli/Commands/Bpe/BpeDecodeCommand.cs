using System.CommandLine;
using System.Globalization;
using System.Text;
using Recur.Cli.Commands.Metrics;

namespace Recur.Cli.Commands.Bpe;

/// <summary>`recur bpe decode`: pieces (or ids) separated by spaces back to text, one line per line.</summary>
internal static class BpeDecodeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A sentencepiece BPE .model file.", Required = true };
        var input = new Option<string?>("--input") { Description = "Read lines from this file instead of stdin." };
        var format = new Option<string>("--input-format") { Description = "piece or id.", DefaultValueFactory = _ => "piece" };
        format.AcceptOnlyFromAmong("piece", "id");
        var command = new Command("decode", "Join subword pieces back into text, one output line per input line.") { model, input, format };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            var bpe = BpeModelInput.Load(parse.GetValue(model)!);
            string name = parse.GetValue(input) ?? TextLinesInput.StdinName;
            var lines = TextLinesInput.Read(parse.GetValue(input), allowEmpty: true);
            bool ids = parse.GetValue(format) == "id";
            var batch = new StringBuilder();
            for (int i = 0; i < lines.Length; i++)
            {
                var tokens = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!ids) batch.Append(bpe.Decode(tokens)).Append('\n');
                else
                {
                    var values = new int[tokens.Length];
                    for (int t = 0; t < tokens.Length; t++)
                        if (!int.TryParse(tokens[t], NumberStyles.None, CultureInfo.InvariantCulture, out values[t]) || values[t] >= bpe.VocabSize)
                            throw new UserInputException($"{name}: line {i + 1}: '{tokens[t]}' is not an id of this model (0 to {bpe.VocabSize - 1})");
                    batch.Append(bpe.Decode(values)).Append('\n');
                }
                if (batch.Length >= 1 << 16) { output.Write(batch); batch.Clear(); }
            }
            output.Write(batch);
            return 0;
        });
        return command;
    }
}
