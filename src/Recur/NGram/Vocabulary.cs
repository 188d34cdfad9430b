namespace Recur.NGram;

/// <summary>
/// Word ↔ id map of an n-gram model. Ids 0, 1 and 2 are always <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c> and
/// <c>&lt;/s&gt;</c> (KenLM's order), other words follow in order of first appearance. Lookups take spans so that
/// tokenising a line allocates nothing.
/// </summary>
public sealed class Vocabulary
{
    public const string UnknownWord = "<unk>";
    public const string BeginSentenceWord = "<s>";
    public const string EndSentenceWord = "</s>";
    public const int Unknown = 0;
    public const int BeginSentence = 1;
    public const int EndSentence = 2;

    readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> spans;
    readonly List<string> words = [];

    public Vocabulary()
    {
        spans = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        Add(UnknownWord);
        Add(BeginSentenceWord);
        Add(EndSentenceWord);
    }

    /// <summary>Number of words, the three special ones included.</summary>
    public int Count => words.Count;

    public string this[int id] => words[id];

    /// <summary>The id of <paramref name="word"/>, or <see cref="Unknown"/> when it is not in the vocabulary.</summary>
    public int IndexOf(ReadOnlySpan<char> word) => spans.TryGetValue(word, out int id) ? id : Unknown;

    public bool TryGetIndex(ReadOnlySpan<char> word, out int id) => spans.TryGetValue(word, out id);

    /// <summary>The id of <paramref name="word"/>, adding it first when it is new.</summary>
    public int Add(ReadOnlySpan<char> word)
    {
        if (spans.TryGetValue(word, out int id)) return id;
        string s = word.ToString();
        id = words.Count;
        ids.Add(s, id);
        words.Add(s);
        return id;
    }
}
