using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recur.IO;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>`recur ngram build-binary`: converts an ARPA model to the binary format that loads with a few bulk reads.</summary>
internal static class NGramBuildBinaryCommand
{
    public static Command Create()
    {
        var arpa = new Option<string>("--arpa") { Description = "ARPA model to convert.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the binary model.", Required = true };
        var command = new Command("build-binary",
            "Convert an ARPA model to Recur's binary format; eval and score load it much faster and give identical results.") { arpa, output };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, writer =>
        {
            string source = parseResult.GetValue(arpa)!, target = parseResult.GetValue(output)!;
            if (FileIdentity.IsSameFile(source, target))
                throw new ArgumentException($"--out {target} is the input file {source}; writing it would replace the model being read");
            var clock = Stopwatch.StartNew();
            var model = ArpaReader.Read(source);
            double read = clock.Elapsed.TotalSeconds;
            clock.Restart();
            NGramBinaryWriter.Write(model, target);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read {source} ({model.Order}-gram, {model.Vocabulary.Count:N0} words) in {read:F2} s; wrote {target} ({new FileInfo(target).Length:N0} bytes) in {clock.Elapsed.TotalSeconds:F2} s"));
            return 0;
        }));
        return command;
    }
}
