using System.CommandLine;
using System.Text;
using Recur.Cli.Commands.Metrics;

namespace Recur.Cli.Commands.Bpe;

/// <summary>`recur bpe encode`: each input line as its pieces (or ids) separated by spaces, as spm_encode prints them.</summary>
internal static class BpeEncodeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A sentencepiece BPE .model file.", Required = true };
        var input = new Option<string?>("--input") { Description = "Read lines from this file instead of stdin." };
        var format = new Option<string>("--output-format") { Description = "piece or id.", DefaultValueFactory = _ => "piece" };
        format.AcceptOnlyFromAmong("piece", "id");
        var dropout = new Option<double>("--dropout") { Description = "BPE-dropout: skip each merge with this probability (training-time regularisation)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the dropout's random draws.", DefaultValueFactory = _ => 0 };
        var command = new Command("encode", "Split text into subword pieces, one output line per input line.") { model, input, format, dropout, seed };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            double p = parse.GetValue(dropout);
            if (!(p >= 0 && p < 1)) throw new UserInputException($"--dropout {p}: must be in [0, 1)");
            var bpe = BpeModelInput.Load(parse.GetValue(model)!);
            var lines = TextLinesInput.Read(parse.GetValue(input), allowEmpty: true);
            var generator = new Generator(parse.GetValue(seed));
            bool ids = parse.GetValue(format) == "id";
            // Console output flushes on every write; batching the lines keeps a large file from costing a system call each.
            var batch = new StringBuilder();
            foreach (string line in lines)
            {
                if (ids) batch.AppendJoin(' ', bpe.EncodeIds(line, p, generator));
                else batch.AppendJoin(' ', bpe.Encode(line, p, generator));
                batch.Append('\n');
                if (batch.Length >= 1 << 16) { output.Write(batch); batch.Clear(); }
            }
            output.Write(batch);
            return 0;
        });
        return command;
    }
}
