using System.CommandLine;
using Recur.Embeddings.Evaluation;

namespace Recur.Cli.Commands.Embed;

/// <summary>`recur embed analogy "king - man + woman"`: the words nearest a sum of word vectors, the query words left out.</summary>
internal static class EmbedAnalogyCommand
{
    public static Command Create()
    {
        var vectors = VectorsInput.Option();
        var query = new Argument<string[]>("query") { Description = "An expression like 'king - man + woman' (one argument or several).", Arity = ArgumentArity.OneOrMore };
        var k = new Option<int>("--k") { Description = "How many answers.", DefaultValueFactory = _ => 5 };
        var command = new Command("analogy", "Answer vector-arithmetic queries such as 'king - man + woman'.") { vectors, query, k };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            int count = parse.GetValue(k);
            if (count < 1) throw new UserInputException($"--k {count}: must be at least 1");
            string path = parse.GetValue(vectors)!;
            string expression = string.Join(' ', parse.GetValue(query)!);
            var (unit, subwords) = VectorsInput.LoadForQueries(path);
            IReadOnlyList<(string Word, float Cosine)> found;
            try { found = NearestNeighbors.Query(unit, expression, count, subwords == null ? null : subwords.WordVector); }
            catch (ArgumentException e) { throw new UserInputException($"{path}: {e.Message}"); }
            output.WriteLine($"{expression} ≈ {string.Join("  ", found.Select(f => $"{f.Word} {f.Cosine:F3}"))}");
            return 0;
        });
        return command;
    }
}
