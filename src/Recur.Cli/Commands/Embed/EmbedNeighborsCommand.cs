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
            var unit = VectorsInput.Load(path).Normalized();
            foreach (string word in parse.GetValue(words)!)
            {
                int id = unit.IndexOf(word);
                if (id < 0) throw new UserInputException($"{path}: '{word}' is not in the vocabulary");
                var found = NearestNeighbors.Find(unit, unit.Vector(id), count, new HashSet<int> { id });
                output.WriteLine($"{word}: {string.Join("  ", found.Select(f => $"{f.Word} {f.Cosine:F3}"))}");
            }
            return 0;
        });
        return command;
    }
}
