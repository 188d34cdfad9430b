using System.Runtime.InteropServices;
using Recur.NGram;

namespace Recur.Decoding;

/// <summary>
/// The prefixes of one <see cref="CtcPrefixBeamSearch"/> run as a trie of parent-pointer nodes: a node is a label sequence,
/// its parent's labels plus one. Each node carries what depends on its labels alone, computed once when it is
/// created: the language model's state and the weighted score of its completed words (α·ln p_LM(word | history) + β
/// per word, Hannun et al. 2014, eq. 2), the hotword bonus, the length of its unfinished last word and where that
/// word stands in the lexicon.
/// Nodes form a trie, one per label sequence, created only for prefixes that enter the beam (and for word closings,
/// which are cached), at most about K per frame, and never freed within a run.
/// </summary>
internal sealed class CtcPrefixTree<TState> where TState : IEquatable<TState>
{
    public const int Root = 0;

    readonly IReadOnlyList<string> alphabet;
    readonly int delimiter;
    readonly ILanguageModelScorer<TState>? lm;
    readonly CtcWordTrie hotwords;
    readonly CtcWordTrie? lexicon;
    readonly double alpha, beta, unknownOffset;
    readonly Dictionary<long, int> children = [];
    readonly List<char> word = [];

    int count;
    int[] parent, token, depth, wordTokens, words, hot, stamp, slot;
    int[] lex;   // each node's state in the lexicon's trie; empty without a lexicon
    double[] fused, lmLogProb, bonus;
    TState[] state;

    /// <param name="delimiter">The word delimiter's class, or −1 when the alphabet has none (no words are scored).</param>
    /// <param name="unknownOffset">Added to the score of each completed word the language model does not know.</param>
    /// <param name="lexicon">The only words prefixes may spell, or null for any.</param>
    public CtcPrefixTree(IReadOnlyList<string> alphabet, int delimiter, ILanguageModelScorer<TState>? lm, CtcWordTrie hotwords, double alpha, double beta,
        double unknownOffset = 0, CtcWordTrie? lexicon = null)
    {
        (this.alphabet, this.delimiter, this.lm, this.hotwords, this.alpha, this.beta, this.unknownOffset, this.lexicon) =
            (alphabet, delimiter, lm, hotwords, alpha, beta, unknownOffset, lexicon);
        const int capacity = 4096;
        (parent, token, depth, wordTokens, words, hot, stamp, slot) = (new int[capacity], new int[capacity], new int[capacity], new int[capacity],
            new int[capacity], new int[capacity], new int[capacity], new int[capacity]);
        lex = lexicon is null ? [] : new int[capacity];
        (fused, lmLogProb, bonus, state) = (new double[capacity], new double[capacity], new double[capacity], new TState[capacity]);
        count = 1;
        (parent[Root], token[Root], hot[Root], stamp[Root]) = (-1, -1, CtcWordTrie.Root, -1);
        if (lexicon is not null) lex[Root] = CtcWordTrie.Root;
        state[Root] = lm is null ? default! : lm.BeginSentence();
    }

    /// <summary>The node's last label, −1 for the empty prefix.</summary>
    public int Token(int node) => token[node];

    /// <summary>What the beam ranks a prefix by besides its acoustic log-probability.</summary>
    public double Score(int node) => fused[node] + bonus[node];

    /// <summary>The frame stamp and candidate slot of each node: lets a frame find a node's candidate without hashing.</summary>
    public ref int Stamp(int node) => ref stamp[node];

    public ref int Slot(int node) => ref slot[node];

    /// <summary>
    /// The node for <paramref name="node"/>'s labels followed by <paramref name="c"/>, created on first use. Every
    /// node is made here, so a label sequence has one node however often it leaves and re-enters the beam, and
    /// looking up (parent, label) finds it. The search calls this for the delimiter at once, since closing a word
    /// costs a language-model query and a prefix asks for its closing every frame it stays in the beam, and for
    /// other labels only once the extension has made it into the beam.
    /// </summary>
    public int Child(int node, int c)
    {
        ref int child = ref CollectionsMarshal.GetValueRefOrAddDefault(children, Key(node, c), out bool exists);
        if (!exists) child = Create(node, c);
        return child;
    }

    /// <summary>The node for <paramref name="node"/>'s labels followed by <paramref name="c"/>, or −1 if none was made yet.</summary>
    public int Find(int node, int c) => children.TryGetValue(Key(node, c), out int child) ? child : -1;

    static long Key(int node, int c) => ((long)node << 32) | (uint)c;

    /// <summary>What <see cref="Score"/> would be for a child by a label other than the delimiter, without creating it.</summary>
    public double ChildScore(int node, int c) =>
        lexicon is not null && lexicon.Step(lex[node], alphabet[c]) == CtcWordTrie.None ? double.NegativeInfinity
        : hotwords.IsEmpty ? fused[node] : fused[node] + hotwords.PartialBonus(hotwords.Step(hot[node], alphabet[c]));

    /// <summary>Whether the node's unfinished word may close here: always without a lexicon, else only on one of its words.</summary>
    bool MayClose(int node) => lexicon is null || wordTokens[node] == 0 || lexicon.IsComplete(lex[node]);

    /// <summary>The node's parent, −1 for the empty prefix.</summary>
    public int Parent(int node) => parent[node];

    int Create(int from, int c)
    {
        if (count == parent.Length) Grow();
        int node = count++;
        (parent[node], token[node], depth[node], stamp[node]) = (from, c, depth[from] + 1, -1);
        (fused[node], lmLogProb[node], words[node], state[node]) = (fused[from], lmLogProb[from], words[from], state[from]);
        if (c == delimiter)
        {
            // The delimiter closes a non-empty word: score it once, here. Repeated delimiters close nothing.
            if (wordTokens[from] > 0)
            {
                double p = ScoreWord(from, out state[node], out bool unknown);
                lmLogProb[node] += p;
                fused[node] += alpha * p + (lm is null ? 0 : beta) + (unknown ? unknownOffset : 0) + hotwords.CompletedBonus(hot[from]);
                words[node]++;
                if (!MayClose(from)) fused[node] = double.NegativeInfinity;
            }
            (wordTokens[node], hot[node], bonus[node]) = (0, CtcWordTrie.Root, 0);
            if (lexicon is not null) lex[node] = CtcWordTrie.Root;
        }
        else
        {
            wordTokens[node] = wordTokens[from] + 1;
            hot[node] = hotwords.Step(hot[from], alphabet[c]);
            bonus[node] = hotwords.PartialBonus(hot[node]);
            if (lexicon is not null && (lex[node] = lexicon.Step(lex[from], alphabet[c])) == CtcWordTrie.None) fused[node] = double.NegativeInfinity;
        }
        return node;
    }

    /// <summary>
    /// The end of the utterance: the unfinished last word scored as if a delimiter followed, then α·ln p(&lt;/s&gt; | history).
    /// Returns the final ranking score less the acoustic part, with the language model's total and the word count.
    /// </summary>
    public double Finish(int node, out double lmTotal, out int wordCount)
    {
        double score = fused[node];
        (lmTotal, wordCount) = (lmLogProb[node], words[node]);
        var history = state[node];
        if (wordTokens[node] > 0)
        {
            double p = ScoreWord(node, out history, out bool unknown);
            lmTotal += p;
            score += alpha * p + (lm is null ? 0 : beta) + (unknown ? unknownOffset : 0) + hotwords.CompletedBonus(hot[node]);
            wordCount++;
            if (!MayClose(node)) score = double.NegativeInfinity;
        }
        if (lm is not null)
        {
            double end = lm.EndSentenceLogProb(history);
            lmTotal += end;
            score += alpha * end;
        }
        return score;
    }

    /// <summary>ln p_LM of the node's unfinished word given the history before it (0 without a language model), and whether the model lacks the word.</summary>
    double ScoreWord(int node, out TState next, out bool unknown)
    {
        (next, unknown) = (state[node], false);
        if (lm is null) return 0;
        word.Clear();
        for (int n = node, k = wordTokens[node]; k > 0; n = parent[n], k--)
        {
            var text = alphabet[token[n]];
            for (int i = text.Length - 1; i >= 0; i--) word.Add(text[i]);
        }
        var span = CollectionsMarshal.AsSpan(word);
        span.Reverse();
        int id = lm.TokenId(span);
        unknown = lm.IsUnknown(id);
        return lm.LogProb(state[node], id, out next);
    }

    /// <summary>The node's labels from the first.</summary>
    public int[] Tokens(int node)
    {
        var tokens = new int[depth[node]];
        for (int n = node, i = tokens.Length - 1; i >= 0; n = parent[n], i--) tokens[i] = token[n];
        return tokens;
    }

    public string Text(int[] tokens)
    {
        var text = new System.Text.StringBuilder();
        foreach (int c in tokens) text.Append(alphabet[c]);
        return text.ToString();
    }

    void Grow()
    {
        int size = parent.Length * 2;
        Array.Resize(ref parent, size);
        Array.Resize(ref token, size);
        Array.Resize(ref depth, size);
        Array.Resize(ref wordTokens, size);
        Array.Resize(ref words, size);
        Array.Resize(ref hot, size);
        if (lexicon is not null) Array.Resize(ref lex, size);
        Array.Resize(ref stamp, size);
        Array.Resize(ref slot, size);
        Array.Resize(ref fused, size);
        Array.Resize(ref lmLogProb, size);
        Array.Resize(ref bonus, size);
        Array.Resize(ref state, size);
    }
}
