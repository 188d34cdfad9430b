using System.Runtime.CompilerServices;
using System.Globalization;
using Recur.IO;

namespace Recur.NGram;

/// <summary>
/// Reads an ARPA file as written by KenLM, SRILM or <see cref="ArpaWriter"/>. Text before <c>\data\</c> is ignored;
/// fields may be separated by tabs or spaces. A model without <c>&lt;unk&gt;</c> gets it with log10 p = −100 (as
/// KenLM substitutes); an n-gram whose context is missing gets a placeholder context that only routes the lookup.
/// Any malformed line is an <see cref="ArpaFormatException"/> naming the file and line; a file that cannot be opened
/// or is not UTF-8 text is an <see cref="InputFileException"/>.
/// </summary>
public sealed class ArpaReader
{
    const float MissingUnknownLogProb = -100f;

    // Without a known length, the header's counts reserve at most this many entries per order up front.
    const long UnknownLengthReserve = 1 << 16;

    readonly TextLines lines;
    readonly string source;
    readonly long reserveLimit;

    ArpaReader(TextReader text, string source, long? length)
    {
        lines = new TextLines(text);
        this.source = source;
        // An n-gram line takes at least 4 bytes ("p w\n"), so a file of L bytes holds at most L / 4 of them: the
        // header's counts are trusted for the number of lines, never for memory beyond what the file can fill.
        reserveLimit = length is { } l ? Math.Max(16, l / 4) : UnknownLengthReserve;
    }

    public static BackoffModel Read(string path)
    {
        using var stream = InputFile.Open(path);
        if (NGramBinaryFormat.StartsWithMagic(stream)) throw new ArpaFormatException(path, 1, "a binary n-gram model, not an ARPA file");
        using var reader = new StrictTextReader(stream, path);
        return new ArpaReader(reader, path, stream.Length).Read();
    }

    public static BackoffModel Read(TextReader text, string source = "<arpa>") => new ArpaReader(text, source, null).Read();

    /// <summary>Reads from <paramref name="text"/>, which holds <paramref name="length"/> bytes; the length bounds what the header's counts may reserve.</summary>
    internal static BackoffModel Read(TextReader text, string source, long length) => new ArpaReader(text, source, length).Read();

    ArpaFormatException Error(string problem) => new(source, lines.Number, problem);

    /// <summary>The next line that is not blank, or an error naming what was expected.</summary>
    ReadOnlySpan<char> NextNonBlank(string expected)
    {
        ReadOnlySpan<char> line;
        while (lines.TryRead(out line))
            if (!line.IsWhiteSpace()) return line;
        throw Error($"unexpected end of file; expected {expected}");
    }

    static bool Is(ReadOnlySpan<char> line, string marker) => line.Trim().SequenceEqual(marker);

    BackoffModel Read()
    {
        ReadOnlySpan<char> line;
        do
        {
            if (!lines.TryRead(out line)) throw Error("no \\data\\ header found; not an ARPA file");
        } while (!Is(line, "\\data\\"));

        var expected = new List<long>();
        for (line = NextNonBlank("'ngram N=count' lines"); line.StartsWith("ngram "); line = NextNonBlank("\\1-grams:"))
        {
            var spec = line[6..].Trim();
            int eq = spec.IndexOf('=');
            if (eq < 0 || !int.TryParse(spec[..eq], CultureInfo.InvariantCulture, out int n) ||
                !long.TryParse(spec[(eq + 1)..], CultureInfo.InvariantCulture, out long count) || count < 0)
                throw Error($"malformed count line '{line}'; expected 'ngram N=count'");
            if (n != expected.Count + 1) throw Error($"expected the count of {expected.Count + 1}-grams, found '{line}'");
            expected.Add(count);
        }
        if (expected.Count == 0) throw Error("the \\data\\ section lists no n-gram counts");
        if (expected.Count > NGramBinaryFormat.MaxOrder) throw Error($"the \\data\\ section lists {expected.Count} orders; at most {NGramBinaryFormat.MaxOrder} are supported");

        int order = expected.Count;
        var vocabulary = new Vocabulary();
        var indexes = new NGramIndex?[order];
        var logProb = new List<float>[order];
        var logBackoff = new List<float>[order];
        for (int n = 0; n < order; n++)
        {
            int reserve = (int)Math.Min(Math.Min(expected[n], reserveLimit), int.MaxValue / 4);
            logProb[n] = new List<float>(reserve + 3);
            logBackoff[n] = new List<float>(reserve + 3);
            if (n > 0) indexes[n] = new NGramIndex(reserve);
        }
        // Placeholders for the three special words until the file gives them.
        for (int id = 0; id < 3; id++) { logProb[0].Add(float.NaN); logBackoff[0].Add(0); }

        Span<int> ids = stackalloc int[order];
        for (int n = 1; n <= order; n++)
        {
            if (!Is(line, $"\\{n}-grams:")) throw Error($"expected '\\{n}-grams:', found '{line}'");
            long read = 0;
            bool more;
            while ((more = lines.TryRead(out line)) && !line.IsWhiteSpace() && !line.StartsWith('\\'))
            {
                ReadEntry(line, n, vocabulary, indexes, logProb, logBackoff, ids);
                read++;
            }
            if (read != expected[n - 1])
                throw Error($"the \\data\\ header promises {expected[n - 1]} {n}-grams but the section has {read}");
            if (!more || line.IsWhiteSpace()) line = NextNonBlank(n < order ? $"\\{n + 1}-grams:" : "\\end\\");
        }
        if (!Is(line, "\\end\\")) throw Error($"expected '\\end\\', found '{line}'");

        var unigrams = logProb[0];
        if (float.IsNaN(unigrams[Vocabulary.Unknown])) unigrams[Vocabulary.Unknown] = MissingUnknownLogProb;
        if (float.IsNaN(unigrams[Vocabulary.BeginSentence]) || float.IsNaN(unigrams[Vocabulary.EndSentence]))
            throw Error("the unigrams must include <s> and </s>");
        return new BackoffModel(vocabulary, indexes,
            Array.ConvertAll(logProb, l => l.ToArray()), Array.ConvertAll(logBackoff, l => l.ToArray()));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void ReadEntry(ReadOnlySpan<char> line, int n, Vocabulary vocabulary, NGramIndex?[] indexes, List<float>[] logProb, List<float>[] logBackoff, Span<int> ids)
    {
        int position = 0;
        if (!Whitespace.NextToken(line, ref position, out var field) || !TryParseLog(field, out float p))
            throw Error($"expected a log10 probability at the start of the {n}-gram line, found '{line}'");
        for (int k = 0; k < n; k++)
        {
            if (!Whitespace.NextToken(line, ref position, out var word))
                throw Error($"a {n}-gram line needs {n} words; found {k} in '{line}'");
            if (n == 1) ids[k] = vocabulary.Add(word);
            else if (!vocabulary.TryGetIndex(word, out ids[k]))
                throw Error($"word '{word}' is not among the unigrams");
        }
        float backoff = 0;
        if (Whitespace.NextToken(line, ref position, out field) && !TryParseLog(field, out backoff))
            throw Error($"expected a log10 back-off weight after the words, found '{field}'");
        if (Whitespace.NextToken(line, ref position, out field))
            throw Error($"unexpected '{field}' after the back-off weight");

        int id;
        if (n == 1)
        {
            id = ids[0];
            var probs = logProb[0];
            if (id < probs.Count && !(id < 3 && float.IsNaN(probs[id])))
                throw Error($"duplicate unigram '{vocabulary[id]}'");
            if (id == probs.Count) { probs.Add(p); logBackoff[0].Add(backoff); }
            else { probs[id] = p; logBackoff[0][id] = backoff; }
            return;
        }
        int context = ids[0];
        for (int k = 2; k < n; k++)
        {
            var index = indexes[k - 1]!;
            int before = index.Count;
            context = index.GetOrAdd(context, ids[k - 1]);
            if (index.Count > before) { logProb[k - 1].Add(float.NaN); logBackoff[k - 1].Add(0); }
        }
        var own = indexes[n - 1]!;
        int count = own.Count;
        id = own.GetOrAdd(context, ids[n - 1]);
        if (id < count) throw Error($"duplicate {n}-gram '{line.Trim().ToString()}'");
        logProb[n - 1].Add(p);
        logBackoff[n - 1].Add(backoff);
    }

    static bool TryParseLog(ReadOnlySpan<char> text, out float value)
    {
        if (text.Equals("-inf", StringComparison.OrdinalIgnoreCase)) { value = float.NegativeInfinity; return true; }
        return FloatText.TryParse(text, out value);
    }
}
