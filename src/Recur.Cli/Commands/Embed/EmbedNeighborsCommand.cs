using System.CommandLine;
using Recur.Embeddings.Evaluation;

namespace Recur.Cli.Commands.Embed;

/// <summary>`recur embed neighbors`: the nearest words by cosine to each given word.</summary>
internal static class EmbedNeighborsCommand
{
    public static Command Create()
    {
        var vectors = VectorsInput.Option();
        var words = new Argument<string[]>("words") { Description = "Words to look up.", Arity = ArgumentArity.OneOrMore };
        var k = new Option<int>("--k") { Description = "How many neighbours.", DefaultValueFactory = _ => 10 };
        var command = new Command("neighbors", "Print the nearest neighbours of words by cosine similarity.") { vectors, words, k };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            int count = parse.GetValue(k);
            if (count < 1) throw new UserInputException($"--k {count}: must be at least 1");
            string path = parse.GetValue(vectors)!;
            var (unit, subwords) = VectorsInput.LoadForQueries(path);
            foreach (string word in parse.GetValue(words)!)
            {
                int id = unit.IndexOf(word);
                if (id < 0 && subwords == null) throw new UserInputException($"{path}: '{word}' is not in the vocabulary");
                // An unseen word of a fastText model is answered from its character n-grams.
                var query = id >= 0 ? unit.Vector(id).ToArray() : subwords!.WordVector(word);
                var found = NearestNeighbors.Find(unit, query, count, id >= 0 ? new HashSet<int> { id } : null);
                output.WriteLine($"{word}{(id < 0 ? " (from n-grams)" : "")}: {string.Join("  ", found.Select(f => $"{f.Word} {f.Cosine:F3}"))}");
            }
            return 0;
        });
        return command;
    }
}
