using System.Runtime.CompilerServices;
using Recur.IO;

namespace Recur.NGram;

/// <summary>
/// An ARPA back-off n-gram model: each stored n-gram has a log10 probability and, when it is a context, a log10
/// back-off weight. For a word w after context c1..ck the query takes the longest stored n-gram ci..ck w and adds
/// the back-off weights of the longer contexts c(i−1)..ck, …, c1..ck that it skipped (absent contexts weigh 0):
/// the standard ARPA semantics, which KenLM's <c>query</c> implements.
/// </summary>
public sealed class BackoffModel : ILanguageModelScorer<NGramState>
{
    const double Ln10 = 2.302585092994046;

    readonly NGramIndex?[] indexes;
    readonly float[][] logProb;
    readonly float[][] logBackoff;

    internal BackoffModel(Vocabulary vocabulary, NGramIndex?[] indexes, float[][] logProb, float[][] logBackoff)
    {
        Vocabulary = vocabulary;
        this.indexes = indexes;
        this.logProb = logProb;
        this.logBackoff = logBackoff;
        Order = logProb.Length;
    }

    /// <summary>
    /// Reads a model file in either format, told apart by its first bytes: binary (<see cref="NGramBinaryWriter"/>)
    /// or ARPA text (<see cref="ArpaReader"/>). A file that cannot be opened or is not UTF-8 text is an
    /// <see cref="InputFileException"/>; a malformed one is the format reader's error.
    /// </summary>
    public static BackoffModel Load(string path)
    {
        using var stream = InputFile.Open(path);
        if (NGramBinaryFormat.StartsWithMagic(stream)) return NGramBinaryReader.Read(stream, path);
        using var text = new StrictTextReader(stream, path, leaveOpen: true);
        return ArpaReader.Read(text, path, stream.Length);
    }

    /// <summary>Whether <paramref name="path"/> is a binary model (<c>ngram build-binary</c>) rather than ARPA text, by its first bytes.</summary>
    public static bool IsBinaryFile(string path)
    {
        using var stream = InputFile.Open(path);
        return NGramBinaryFormat.StartsWithMagic(stream);
    }

    public Vocabulary Vocabulary { get; }

    /// <summary>The highest order N.</summary>
    public int Order { get; }

    /// <summary>Number of n-grams of order <paramref name="n"/> (1-based), placeholders included.</summary>
    public int Size(int n) => logProb[n - 1].Length;

    /// <summary>The trie level of order <paramref name="n"/> ≥ 2: context id and last word of each n-gram.</summary>
    public NGramIndex Index(int n) => indexes[n - 1] ?? throw new ArgumentOutOfRangeException(nameof(n), "unigrams are indexed by word id");

    /// <summary>
    /// log10 p of each n-gram of order <paramref name="n"/>, by id; NaN marks a placeholder that a file lacked but a
    /// longer n-gram needed as its context.
    /// </summary>
    public ReadOnlySpan<float> LogProbs(int n) => logProb[n - 1];

    /// <summary>log10 back-off weight of each n-gram of order <paramref name="n"/>, by id (0 when not a context).</summary>
    public ReadOnlySpan<float> LogBackoffs(int n) => logBackoff[n - 1];

    /// <summary>
    /// log10 p(word | context), where <paramref name="context"/>[j] is the id at order j+1 of the last j+1 words.
    /// Writes the context that follows into <paramref name="next"/> (room for <see cref="Order"/> − 1 ids) and its
    /// length into <paramref name="nextLength"/>.
    /// </summary>
    public float Score(ReadOnlySpan<int> context, int word, Span<int> next, out int nextLength) =>
        Score(context, word, next, out nextLength, out _);

    /// <summary>
    /// As <see cref="Score(ReadOnlySpan{int}, int, Span{int}, out int)"/>, also giving the order of the n-gram whose
    /// probability was used (1 when only the unigram matched), KenLM's <c>ngram_length</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float Score(ReadOnlySpan<int> context, int word, Span<int> next, out int nextLength, out int ngramLength)
    {
        int room = Order - 1;
        float result = logProb[0][word];
        int matched = 0;
        int length = 0;
        if (room > 0) next[length++] = word;
        for (int j = 0; j < context.Length; j++)
        {
            // An n-gram's suffixes are all stored, so once c(k−j)..ck w is missing no longer one exists.
            int id = indexes[j + 1]!.Find(context[j], word);
            if (id < 0) break;
            float p = logProb[j + 1][id];
            if (!float.IsNaN(p)) { result = p; matched = j + 1; }
            if (length < room) next[length++] = id;
        }
        for (int j = matched; j < context.Length; j++) result += logBackoff[j][context[j]];
        nextLength = length;
        ngramLength = matched + 1;
        return result;
    }

    /// <summary>log10 p(<paramref name="word"/> | <paramref name="context"/>), the context oldest word first.</summary>
    public float Log10Prob(IEnumerable<string> context, string word)
    {
        Span<int> state = stackalloc int[Math.Max(1, Order - 1)];
        Span<int> scratch = stackalloc int[state.Length];
        int length = 0;
        foreach (var w in context)
        {
            int id = w == Vocabulary.BeginSentenceWord ? Vocabulary.BeginSentence : Vocabulary.IndexOf(w);
            Score(state[..length], id, scratch, out length);
            scratch[..length].CopyTo(state);
        }
        return Score(state[..length], Vocabulary.IndexOf(word), scratch, out _);
    }

    /// <summary>log10 probability of a whitespace-tokenised sentence, from <c>&lt;s&gt;</c> through <c>&lt;/s&gt;</c>.</summary>
    public double SentenceLog10Prob(ReadOnlySpan<char> sentence) => ScoreSentence(sentence, null);

    /// <summary>
    /// log10 probability of a whitespace-tokenised sentence, from <c>&lt;s&gt;</c> through <c>&lt;/s&gt;</c>, adding
    /// each word's score and then the closing <c>&lt;/s&gt;</c>'s to <paramref name="words"/> when given.
    /// </summary>
    public double ScoreSentence(ReadOnlySpan<char> sentence, ICollection<WordScore>? words)
    {
        Span<int> state = stackalloc int[Math.Max(1, Order - 1)];
        Span<int> scratch = stackalloc int[state.Length];
        int length = BeginSentenceContext(state);
        double total = 0;
        int position = 0;
        float p;
        int ngram;
        while (Whitespace.NextToken(sentence, ref position, out var token))
        {
            int id = Vocabulary.IndexOf(token);
            total += p = Score(state[..length], id, scratch, out length, out ngram);
            words?.Add(new WordScore((position - token.Length)..position, id, ngram, p));
            scratch[..length].CopyTo(state);
        }
        total += p = Score(state[..length], Vocabulary.EndSentence, scratch, out _, out ngram);
        words?.Add(new WordScore(default, Vocabulary.EndSentence, ngram, p));
        return total;
    }

    /// <summary>Writes the context "&lt;s&gt;" into <paramref name="state"/> and returns its length.</summary>
    internal int BeginSentenceContext(Span<int> state)
    {
        if (Order == 1) return 0;
        state[0] = Vocabulary.BeginSentence;
        return 1;
    }

    public NGramState BeginSentence() => new(Order == 1 ? [] : [Vocabulary.BeginSentence]);

    public int TokenId(ReadOnlySpan<char> token) => Vocabulary.IndexOf(token);

    public bool IsUnknown(int token) => token == Vocabulary.Unknown;

    public double LogProb(NGramState state, int token, out NGramState next)
    {
        Span<int> ids = stackalloc int[Math.Max(1, Order - 1)];
        float log10 = Score(state.Ids, token, ids, out int length);
        next = new NGramState(ids[..length].ToArray());
        return log10 * Ln10;
    }

    public double EndSentenceLogProb(NGramState state)
    {
        Span<int> ids = stackalloc int[Math.Max(1, Order - 1)];
        return Score(state.Ids, Vocabulary.EndSentence, ids, out _) * Ln10;
    }
}
