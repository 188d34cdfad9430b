using System.Globalization;
using Recur.IO;

namespace Recur.Embeddings.Evaluation;

/// <summary>
/// Reads a word-similarity file: "word1 word2 score" per line, separated by tabs or spaces (the wordvectors.org
/// collection: WS-353, SimLex-999, MEN, RW, SimVerb…). Lines starting with '#' are comments. A malformed line is an
/// <see cref="InputFileException"/> with its line number.
/// </summary>
public static class WordPairs
{
    public static IReadOnlyList<WordPair> Read(string path)
    {
        var pairs = new List<WordPair>();
        foreach (var (number, text) in TextFile.ReadLines(path))
        {
            var line = text.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3) throw new InputFileException(path, $"expected 'word1 word2 score', found {fields.Length} fields", number);
            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || !double.IsFinite(score))
                throw new InputFileException(path, $"score '{fields[2]}' is not a number", number);
            pairs.Add(new WordPair(fields[0], fields[1], score));
        }
        if (pairs.Count == 0) throw new InputFileException(path, "no word pairs in the file");
        return pairs;
    }
}
