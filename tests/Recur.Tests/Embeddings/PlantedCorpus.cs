namespace Recur.Tests.Embeddings;

/// <summary>
/// A generated corpus whose co-occurrences are known by construction: words come in groups, and every sentence
/// draws all its words from one group, so each word's true neighbours are the rest of its group.
/// </summary>
internal static class PlantedCorpus
{
    public static string Word(int group, int member) => $"{(char)('a' + group)}{(char)('a' + group)}w{member}";

    public static List<string> Lines(int groups = 8, int members = 5, int sentences = 1500, int length = 10, ulong seed = 7)
    {
        var random = new Generator(seed);
        var lines = new List<string>(sentences);
        for (int s = 0; s < sentences; s++)
        {
            int g = random.NextInt(groups);
            lines.Add(string.Join(' ', Enumerable.Range(0, length).Select(_ => Word(g, random.NextInt(members)))));
        }
        return lines;
    }

    /// <summary>Of each word's members-1 nearest neighbours, the share that are in its own group.</summary>
    public static double NeighbourPrecision(Recur.Embeddings.WordVectors vectors, int groups = 8, int members = 5)
    {
        var unit = vectors.Normalized();
        int hits = 0, total = 0;
        for (int g = 0; g < groups; g++)
            for (int m = 0; m < members; m++)
            {
                int id = unit.IndexOf(Word(g, m));
                var near = Recur.Embeddings.Evaluation.NearestNeighbors.Find(unit, unit.Vector(id), members - 1, new HashSet<int> { id });
                hits += near.Count(n => n.Word.StartsWith(Word(g, 0)[..2], StringComparison.Ordinal));
                total += near.Count;
            }
        return (double)hits / total;
    }
}
