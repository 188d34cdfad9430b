using System.Globalization;
using System.Text;
using Recur.IO;

namespace Recur.NGram;

/// <summary>
/// Writes a model in the ARPA format: a <c>\data\</c> header with the count of each order, then one
/// <c>\n-grams:</c> section per order with lines "log10 p TAB words [TAB log10 back-off]", back-offs on every order
/// but the highest (as KenLM writes them), and <c>\end\</c>. Numbers use the shortest text that reads back to the
/// same float, so a written model reloads bit for bit.
/// </summary>
public static class ArpaWriter
{
    /// <summary>
    /// Writes to <paramref name="path"/> atomically: into a temporary file in the same directory, renamed over the
    /// target only once complete, so a crash never leaves a truncated model behind.
    /// </summary>
    public static void Write(BackoffModel model, string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        Write(model, writer);
    });

    public static void Write(BackoffModel model, TextWriter writer)
    {
        int order = model.Order;
        writer.Write("\\data\\\n");
        for (int n = 1; n <= order; n++)
        {
            int stored = 0;
            foreach (float p in model.LogProbs(n)) if (!float.IsNaN(p)) stored++;
            writer.Write($"ngram {n}={stored}\n");
        }
        var words = new int[order];
        Span<char> number = stackalloc char[32];
        for (int n = 1; n <= order; n++)
        {
            writer.Write($"\n\\{n}-grams:\n");
            var logProb = model.LogProbs(n);
            var logBackoff = model.LogBackoffs(n);
            for (int id = 0; id < logProb.Length; id++)
            {
                if (float.IsNaN(logProb[id])) continue;
                WriteNumber(writer, logProb[id], number);
                writer.Write('\t');
                Words(model, n, id, words);
                for (int k = 0; k < n; k++)
                {
                    if (k > 0) writer.Write(' ');
                    writer.Write(model.Vocabulary[words[k]]);
                }
                if (n < order)
                {
                    writer.Write('\t');
                    WriteNumber(writer, logBackoff[id], number);
                }
                writer.Write('\n');
            }
        }
        writer.Write("\n\\end\\\n");
    }

    static void WriteNumber(TextWriter writer, float value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    /// <summary>The word ids of n-gram <paramref name="id"/> of order <paramref name="n"/>, by walking its prefixes.</summary>
    static void Words(BackoffModel model, int n, int id, int[] words)
    {
        for (int k = n; k >= 2; k--)
        {
            var index = model.Index(k);
            words[k - 1] = index.Words[id];
            id = index.Prefixes[id];
        }
        words[0] = id;
    }
}
