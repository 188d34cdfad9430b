namespace Recur.NGram;

/// <summary>
/// Counts n-grams of orders 1..N over sentences streamed one line at a time (whitespace-tokenised, each wrapped as
/// <c>&lt;s&gt; w1 … wk &lt;/s&gt;</c>). Memory grows with the number of distinct n-grams, never with the length of
/// the input. A literal <c>&lt;unk&gt;</c> counts as the unknown word, as in KenLM; <c>&lt;s&gt;</c> and
/// <c>&lt;/s&gt;</c> inside a sentence are errors.
/// </summary>
public sealed class NGramCounter
{
    readonly Vocabulary vocabulary = new();
    readonly NGramIndex?[] indexes;
    readonly long[][] counts;
    int[] sentence = new int[64];
    long lines;

    public NGramCounter(int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "the order must be at least 1");
        Order = order;
        indexes = new NGramIndex?[order];
        counts = new long[order][];
        counts[0] = new long[64];
        for (int n = 2; n <= order; n++)
        {
            indexes[n - 1] = new NGramIndex(1024);
            counts[n - 1] = new long[1024];
        }
    }

    public int Order { get; }

    /// <summary>Sentences counted so far.</summary>
    public long Sentences => lines;

    /// <summary>Words counted so far, <c>&lt;/s&gt;</c> excluded.</summary>
    public long Tokens { get; private set; }

    /// <summary>Counts every line of <paramref name="text"/> as one sentence; reports lines read to <paramref name="progress"/>.</summary>
    public void AddText(TextReader text, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        while (text.ReadLine() is { } line)
        {
            AddSentence(line);
            if ((lines & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(lines);
            }
        }
        progress?.Report(lines);
    }

    /// <summary>Counts one sentence. An error names the sentence's line number (1-based count of sentences added).</summary>
    public void AddSentence(ReadOnlySpan<char> line)
    {
        lines++;
        int length = 1;
        sentence[0] = Vocabulary.BeginSentence;
        int position = 0;
        while (Whitespace.NextToken(line, ref position, out var token))
        {
            int id = vocabulary.Add(token);
            if (id is Vocabulary.BeginSentence or Vocabulary.EndSentence)
                throw new InvalidDataException($"line {lines}: '{token}' is reserved for sentence boundaries and may not appear in the text");
            if (length + 1 >= sentence.Length) Array.Resize(ref sentence, sentence.Length * 2);
            sentence[length++] = id;
        }
        sentence[length++] = Vocabulary.EndSentence;
        Tokens += length - 2;
        Count(sentence.AsSpan(0, length));
    }

    void Count(ReadOnlySpan<int> words)
    {
        if (counts[0].Length < vocabulary.Count) Array.Resize(ref counts[0], Math.Max(vocabulary.Count, counts[0].Length * 2));
        var unigrams = counts[0];
        // Every n-gram starting at each position; the unigram <s> is never predicted, so it keeps count 0.
        for (int start = 0; start < words.Length; start++)
        {
            int id = words[start];
            if (start > 0) unigrams[id]++;
            int longest = Math.Min(Order, words.Length - start);
            for (int n = 2; n <= longest; n++)
            {
                id = indexes[n - 1]!.GetOrAdd(id, words[start + n - 1]);
                ref long[] c = ref counts[n - 1];
                if (id == c.Length) Array.Resize(ref c, c.Length * 2);
                c[id]++;
            }
        }
    }

    /// <summary>The counts so far. The counter must not be used afterwards.</summary>
    public NGramCounts ToCounts()
    {
        if (counts[0].Length < vocabulary.Count) Array.Resize(ref counts[0], vocabulary.Count);
        return new NGramCounts(vocabulary, indexes, counts);
    }

    /// <summary>Counts the n-grams of <paramref name="text"/>, one sentence per line.</summary>
    public static NGramCounts Count(TextReader text, int order, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var counter = new NGramCounter(order);
        counter.AddText(text, progress, cancellationToken);
        return counter.ToCounts();
    }
}
