using System.Globalization;
using System.Text;
using Recur.IO;

namespace Recur.Embeddings.Formats;

/// <summary>
/// word2vec's text format, which fastText's .vec and gensim's <c>save_word2vec_format(binary=False)</c> also write:
/// a header line "V D", then one line per word, the word and D numbers separated by spaces (fastText leaves a
/// trailing space). A file without the header (GloVe's own output) is read too, D taken from its first line.
/// Floats are written in the shortest form that reads back to the same float.
/// </summary>
public static class Word2VecTextFormat
{
    public static void Write(string path, WordVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        AtomicFile.Write(path, stream => Write(stream, vectors));
    }

    public static void Write(Stream stream, WordVectors vectors)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine($"{vectors.Count} {vectors.Dimension}");
        Span<char> number = stackalloc char[32];
        for (int i = 0; i < vectors.Count; i++)
        {
            writer.Write(vectors.Words[i]);
            foreach (float x in vectors.Vector(i))
            {
                writer.Write(' ');
                x.TryFormat(number, out int n, "R", CultureInfo.InvariantCulture);
                writer.Write(number[..n]);
            }
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Reads a text vectors file. Every problem is an <see cref="InputFileException"/> with the file and line: a bad
    /// header, a line with the wrong number of values, a value that is not a number, fewer or more lines than the
    /// header says.
    /// </summary>
    public static WordVectors Read(string path)
    {
        var words = new List<string>();
        var data = new List<float>();
        int dim = -1;
        long? declared = null;
        long lastLine = 0;
        foreach (var (number, text) in TextFile.ReadLines(path))
        {
            lastLine = number;
            var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) throw new InputFileException(path, "empty line; expected a word and its numbers", number);
            if (number == 1 && fields.Length == 2 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long count)
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int headerDim))
            {
                if (headerDim < 1) throw new InputFileException(path, $"header gives dimension {headerDim}; expected at least 1", number);
                declared = count;
                dim = headerDim;
                continue;
            }
            if (dim < 0) dim = fields.Length - 1;
            if (dim < 1) throw new InputFileException(path, $"line has a word and no numbers", number);
            if (fields.Length - 1 != dim)
                throw new InputFileException(path, $"'{Shorten(fields[0])}' has {fields.Length - 1} numbers; expected {dim}", number);
            for (int k = 1; k < fields.Length; k++)
            {
                if (!float.TryParse(fields[k], NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                    throw new InputFileException(path, $"'{Shorten(fields[k])}' (value {k} of '{Shorten(fields[0])}') is not a number", number);
                data.Add(value);
            }
            words.Add(fields[0]);
            if (declared is { } limit && words.Count > limit)
                throw new InputFileException(path, $"the header promises {limit} words, but the file has more", number);
        }
        if (declared is { } expected && words.Count != expected)
            throw new InputFileException(path, $"the header promises {expected} words, but the file ends after {words.Count}", lastLine);
        if (words.Count == 0) throw new InputFileException(path, "no word vectors in the file");
        return new WordVectors(words, dim, data.ToArray());
    }

    static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
