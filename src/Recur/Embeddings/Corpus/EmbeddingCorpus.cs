using System.Runtime.InteropServices;
using System.Text;
using Recur.IO;

namespace Recur.Embeddings.Corpus;

/// <summary>
/// A whitespace-tokenised corpus held as word ids: the vocabulary (words seen at least <c>minCount</c> times, most
/// frequent first, ties in order of first appearance, as word2vec and fastText sort theirs), each word's count, and
/// the text as sentences of ids with rarer words removed. A line is a sentence; lines longer than
/// <see cref="MaxSentenceLength"/> words are cut into pieces of that length, as word2vec's MAX_SENTENCE_LENGTH does,
/// so that context windows never reach across lines.
/// </summary>
public sealed class EmbeddingCorpus
{
    public const int MaxSentenceLength = 1000;

    readonly int[] tokens;
    readonly int[] sentenceStarts; // sentence s is tokens[sentenceStarts[s] .. sentenceStarts[s + 1])

    EmbeddingCorpus(string[] words, long[] counts, int[] tokens, int[] sentenceStarts)
    {
        Words = words;
        Counts = counts;
        this.tokens = tokens;
        this.sentenceStarts = sentenceStarts;
    }

    /// <summary>The vocabulary, most frequent first; a word's id is its index.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>How often each vocabulary word occurs.</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>Tokens kept (occurrences of vocabulary words).</summary>
    public int TokenCount => tokens.Length;

    public int SentenceCount => sentenceStarts.Length - 1;

    /// <summary>The ids of sentence <paramref name="index"/>.</summary>
    public ReadOnlySpan<int> Sentence(int index) => tokens.AsSpan(sentenceStarts[index], sentenceStarts[index + 1] - sentenceStarts[index]);

    /// <summary>All kept tokens, sentence after sentence.</summary>
    public ReadOnlySpan<int> Tokens => tokens;

    /// <summary>The first token of each sentence, then the token count.</summary>
    internal ReadOnlySpan<int> SentenceStarts => sentenceStarts;

    /// <summary>
    /// Reads a text file. Errors are <see cref="InputFileException"/>s naming the file: missing, empty, binary, not
    /// UTF-8 (with the byte offset; pass <see cref="CorpusEncoding.Latin1"/> for Latin-1 text), or with no word that
    /// occurs <paramref name="minCount"/> times.
    /// </summary>
    public static EmbeddingCorpus Read(string path, int minCount, CorpusEncoding encoding = CorpusEncoding.Utf8, CancellationToken cancellationToken = default)
    {
        using TextReader reader = encoding == CorpusEncoding.Utf8
            ? TextFile.OpenText(path)
            : new StreamReader(InputFile.Open(path), Encoding.Latin1, detectEncodingFromByteOrderMarks: false);
        var builder = new Builder();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            if ((++lineNumber & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            builder.Add(line);
        }
        if (builder.RawTokenCount == 0) throw new InputFileException(path, "the corpus has no words");
        return builder.Build(minCount, problem => new InputFileException(path, problem));
    }

    /// <summary>A corpus from lines in memory (tests, generated text).</summary>
    public static EmbeddingCorpus FromLines(IEnumerable<string> lines, int minCount)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builder = new Builder();
        foreach (string line in lines) builder.Add(line);
        return builder.Build(minCount, problem => new ArgumentException(problem, nameof(lines)));
    }

    /// <summary>One pass over the text: provisional ids in order of first appearance, counted, then renumbered by frequency.</summary>
    sealed class Builder
    {
        readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
        readonly List<long> counts = [];
        readonly List<int> raw = [];
        readonly List<int> lineEnds = [];

        public long RawTokenCount => raw.Count;

        public void Add(string line)
        {
            var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
            var rest = line.AsSpan();
            while (true)
            {
                int start = 0;
                while (start < rest.Length && char.IsWhiteSpace(rest[start])) start++;
                if (start == rest.Length) break;
                int end = start;
                while (end < rest.Length && !char.IsWhiteSpace(rest[end])) end++;
                var word = rest[start..end];
                ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, word, out bool exists);
                if (!exists) { id = counts.Count; counts.Add(0); }
                counts[id]++;
                raw.Add(id);
                rest = rest[end..];
            }
            lineEnds.Add(raw.Count);
        }

        public EmbeddingCorpus Build(int minCount, Func<string, Exception> error)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
            var byFirstSeen = new string[ids.Count];
            foreach (var (word, id) in ids) byFirstSeen[id] = word;
            var order = Enumerable.Range(0, counts.Count).Where(i => counts[i] >= minCount)
                .OrderByDescending(i => counts[i]).ThenBy(i => i).ToArray();
            if (order.Length == 0)
                throw error($"no word occurs at least {minCount} times (--min-count {minCount}); the corpus has {ids.Count} distinct words, the most frequent seen {counts.Max()} times");
            var remap = new int[counts.Count];
            Array.Fill(remap, -1);
            for (int i = 0; i < order.Length; i++) remap[order[i]] = i;

            var tokens = new List<int>(raw.Count);
            var starts = new List<int> { 0 };
            int lineStart = 0;
            foreach (int lineEnd in lineEnds)
            {
                int sentenceLength = 0;
                for (int k = lineStart; k < lineEnd; k++)
                {
                    int id = remap[raw[k]];
                    if (id < 0) continue;
                    tokens.Add(id);
                    if (++sentenceLength == MaxSentenceLength) { starts.Add(tokens.Count); sentenceLength = 0; }
                }
                if (sentenceLength > 0) starts.Add(tokens.Count);
                lineStart = lineEnd;
            }
            return new EmbeddingCorpus(order.Select(i => byFirstSeen[i]).ToArray(), order.Select(i => counts[i]).ToArray(),
                tokens.ToArray(), starts.ToArray());
        }
    }
}
