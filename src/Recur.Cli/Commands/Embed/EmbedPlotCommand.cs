using System.CommandLine;
using Recur.Embeddings.Projection;

namespace Recur.Cli.Commands.Embed;

/// <summary>`recur embed plot`: chosen words on the first two principal components of their vectors, as a PNG.</summary>
internal static class EmbedPlotCommand
{
    public static Command Create()
    {
        var vectors = VectorsInput.Option();
        var words = new Argument<string[]>("words") { Description = "Words to plot (at least two with vectors).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The PNG to write.", Required = true };
        var command = new Command("plot", "Plot words in 2-D (PCA of their vectors) as a PNG.") { vectors, words, output };
        LmCommand.SetGuardedAction(command, (parse, stdout, _) =>
        {
            string path = parse.GetValue(vectors)!, png = parse.GetValue(output)!;
            var table = VectorsInput.Load(path);
            var chosen = parse.GetValue(words)!;
            IReadOnlyList<(string Word, float X, float Y)> points;
            try { points = ProjectionPlot.Project(table, chosen); }
            catch (ArgumentException e) { throw new UserInputException($"{path}: {e.Message}"); }
            try { ProjectionPlot.Write(png, points, Path.GetFileName(path)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserInputException($"{png}: cannot be written ({e.Message})"); }
            var missing = chosen.Where(w => table.IndexOf(w) < 0).ToArray();
            stdout.WriteLine($"{png}: {points.Count} words" + (missing.Length > 0 ? $" ({missing.Length} without vectors: {string.Join(' ', missing)})" : ""));
            return 0;
        });
        return command;
    }
}
