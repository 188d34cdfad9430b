namespace Recur.Decoding;

/// <summary>
/// A word list of a <see cref="CtcPrefixBeamSearch"/> as a character trie: its hotwords, or its lexicon. A state is a
/// trie node: the characters of the current word so far, while they still spell the start of some word in the list,
/// or <see cref="None"/>. For hotwords, the bonus of a state is weight · |w| / |h| for the shortest hotword h that
/// extends w, so it grows by steps to the full weight as the word is spelled and a completed hotword keeps exactly
/// what its last character earned. For a lexicon, a prefix may go on only while its state is not <see cref="None"/>,
/// and close a word only in a state that <see cref="IsComplete"/>.
/// </summary>
internal sealed class CtcWordTrie
{
    public const int None = -1;
    public const int Root = 0;

    readonly Dictionary<(int Node, char Character), int> children = [];
    readonly List<int> depth = [0];
    readonly List<int> shortest = [int.MaxValue];
    readonly List<bool> complete = [false];
    readonly double weight;

    public CtcWordTrie(IReadOnlyList<string> hotwords, string delimiter, double weight)
    {
        this.weight = weight;
        foreach (var phrase in hotwords)
        {
            if (phrase is null) throw new ArgumentException("A hotword is null.", nameof(hotwords));
            foreach (var word in phrase.Split(delimiter, StringSplitOptions.RemoveEmptyEntries))
                Add(word);
        }
    }

    public bool IsEmpty => depth.Count == 1;

    void Add(string word)
    {
        int node = Root;
        foreach (char ch in word)
        {
            shortest[node] = Math.Min(shortest[node], word.Length);
            if (!children.TryGetValue((node, ch), out int next))
            {
                next = depth.Count;
                children.Add((node, ch), next);
                depth.Add(depth[node] + 1);
                shortest.Add(int.MaxValue);
                complete.Add(false);
            }
            node = next;
        }
        shortest[node] = Math.Min(shortest[node], word.Length);
        complete[node] = true;
    }

    /// <summary>The state after <paramref name="text"/> is appended to the current word in <paramref name="state"/>.</summary>
    public int Step(int state, string text)
    {
        foreach (char ch in text)
        {
            if (state == None) return None;
            state = children.TryGetValue((state, ch), out int next) ? next : None;
        }
        return state;
    }

    /// <summary>Whether the characters that led to <paramref name="state"/> are a whole word of the list.</summary>
    public bool IsComplete(int state) => state > Root && complete[state];

    /// <summary>The bonus of a word still being spelled.</summary>
    public double PartialBonus(int state) => state <= Root ? 0 : weight * depth[state] / shortest[state];

    /// <summary>The bonus of a completed word: the full weight for a hotword, none otherwise.</summary>
    public double CompletedBonus(int state) => IsComplete(state) ? weight : 0;
}
