using System.CommandLine;
using Recur.IO;

namespace Recur.Cli.Commands.Translate;

/// <summary>
/// `recur translate run`: translates stdin (or --input) line by line to stdout, one line out per line in (with
/// --n-best K, K lines per input, best first). Lines are read and translated a batch at a time and each batch is
/// written as soon as it is done; from a terminal every line is its own batch, so it answers as you type.
/// </summary>
internal static class TranslateRunCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = TranslateModel.Description, Required = true };
        var input = new Option<string?>("--input") { Description = "Read sentences from this file instead of stdin." };
        var nBest = new Option<int>("--n-best") { Description = "Print the K best translations of each line, one a line.", DefaultValueFactory = _ => 1 };
        var decoding = new DecodingOptions();
        var command = new Command("run", "Translate sentences, one a line, with a trained model.") { model, input, nBest };
        foreach (var option in decoding.Options) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            var (translator, _) = TranslateModel.Load(r.GetValue(model)!);
            var (options, generator) = decoding.Parse(r, r.GetValue(nBest));
            string? path = r.GetValue(input);
            if (path is null && !Console.IsInputRedirected) options = options with { BatchSize = 1 };
            using var reader = path is null ? new StrictTextReader(Console.OpenStandardInput(), "stdin", rejectEmpty: false) : TextFile.OpenText(path, rejectEmpty: false);
            var batch = new List<string>(options.BatchSize);
            void Flush()
            {
                foreach (var translation in translator.Translate(batch, options, generator))
                    foreach (string text in translation.Alternatives) stdout.WriteLine(text);
                stdout.Flush();
                batch.Clear();
            }
            while (reader.ReadLine() is { } line)
            {
                batch.Add(line);
                if (batch.Count == options.BatchSize) Flush();
            }
            if (batch.Count > 0) Flush();
            return 0;
        });
        return command;
    }
}
