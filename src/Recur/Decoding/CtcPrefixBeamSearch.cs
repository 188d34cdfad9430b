using System.Numerics.Tensors;
using Recur.NGram;
using static Recur.Kernels.Ctc.LogSpaceMath;

namespace Recur.Decoding;

/// <summary>
/// CTC prefix beam search (Graves 2012, §7.5; Hannun et al. 2014, Algorithm 1) with optional shallow fusion of a
/// word-level language model, scored as pyctcdecode does. Each prefix ℓ keeps ln p_b(ℓ) and ln p_nb(ℓ), the
/// probability of the frames so far over alignments that collapse to ℓ and end in a blank or in ℓ's last label.
/// At frame t, with y the frame's probabilities: p_b(ℓ) += (p_b + p_nb)(ℓ)·y_blank; p_nb(ℓ) += p_nb(ℓ)·y_last
/// (a repeat merges); p_nb(ℓ+c) += p_b(ℓ)·y_c when c is ℓ's last label (a repeat needs a blank in between),
/// (p_b + p_nb)(ℓ)·y_c otherwise. Prefixes are ranked by ln(p_b + p_nb) + α·Σ ln p_LM(words) + β·|words| + the
/// hotword bonus, where a word is scored when the delimiter follows it and the last word and <c>&lt;/s&gt;</c> at
/// the end. With a lexicon, a prefix that spells no lexicon word's start, or closes a word outside it, scores −∞.
/// Identical prefixes are one node of a trie (<see cref="CtcPrefixTree{TState}"/>), so their paths merge.
/// One utterance per call, on the calling thread; an instance may be shared by threads.
/// </summary>
public sealed partial class CtcPrefixBeamSearch
{
    readonly IReadOnlyList<string> alphabet;
    readonly int blank, delimiter;
    readonly CtcWordTrie hotwords;
    readonly CtcWordTrie? lexicon;

    /// <param name="alphabet">The C classes' text, by class id; the blank's entry is ignored.</param>
    /// <param name="blank">The CTC blank's class id.</param>
    public CtcPrefixBeamSearch(IReadOnlyList<string> alphabet, int blank, CtcBeamSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        if (alphabet.Count == 0) throw new ArgumentException("The alphabet is empty; it needs one entry per class, blank included.", nameof(alphabet));
        if ((uint)blank >= (uint)alphabet.Count) throw new ArgumentOutOfRangeException(nameof(blank), blank, $"The blank must be a class id below {alphabet.Count} (the alphabet's size).");
        Options = options ?? new CtcBeamSearchOptions();
        Options.Validate();
        for (int c = 0; c < alphabet.Count; c++)
            if (c != blank && string.IsNullOrEmpty(alphabet[c])) throw new ArgumentException($"Alphabet entry {c} is empty; only the blank's may be.", nameof(alphabet));
        (this.alphabet, this.blank) = (alphabet, blank);
        delimiter = -1;
        for (int c = 0; c < alphabet.Count; c++)
            if (c != blank && alphabet[c] == Options.WordDelimiter) delimiter = c;
        hotwords = new CtcWordTrie(Options.Hotwords, Options.WordDelimiter, Options.HotwordWeight);
        if (Options.Lexicon is { } words)
        {
            lexicon = new CtcWordTrie(words, Options.WordDelimiter, 0);
            if (lexicon.IsEmpty) throw new ArgumentException("The lexicon holds no words, so no hypothesis but the empty one could be spelled.", nameof(options));
        }
    }

    public CtcBeamSearchOptions Options { get; }

    /// <summary>C: the number of classes, blank included.</summary>
    public int Classes => alphabet.Count;

    /// <summary>The word delimiter's class id, or −1 when the alphabet lacks it.</summary>
    public int Delimiter => delimiter;

    /// <summary>Acoustic prefix beam search (plus hotwords, when given): α and β play no part.</summary>
    /// <param name="logProbs">(T, C) row-major natural-log probabilities, frame t's C values contiguous.</param>
    /// <returns>Up to <see cref="CtcBeamSearchOptions.NBest"/> hypotheses with distinct texts, best first; one empty hypothesis when T = 0.</returns>
    public IReadOnlyList<CtcHypothesis> Decode(ReadOnlySpan<float> logProbs) => Run<NoState>(logProbs, null);

    /// <summary>Prefix beam search fused with a word-level language model (an n-gram <see cref="BackoffModel"/>).</summary>
    /// <inheritdoc cref="Decode(ReadOnlySpan{float})"/>
    public IReadOnlyList<CtcHypothesis> Decode<TState>(ReadOnlySpan<float> logProbs, ILanguageModelScorer<TState> lm) where TState : IEquatable<TState>
    {
        ArgumentNullException.ThrowIfNull(lm);
        if (delimiter < 0)
            throw new ArgumentException($"The alphabet has no word delimiter '{Options.WordDelimiter}', so no word could be scored by the language model.", nameof(lm));
        return Run(logProbs, lm);
    }

    /// <summary>Decodes each utterance in turn, acoustically (one thread; run several searches in parallel for more).</summary>
    public IReadOnlyList<IReadOnlyList<CtcHypothesis>> DecodeBatch(IReadOnlyList<ReadOnlyMemory<float>> utterances)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var results = new IReadOnlyList<CtcHypothesis>[utterances.Count];
        for (int i = 0; i < results.Length; i++) results[i] = Decode(utterances[i].Span);
        return results;
    }

    /// <summary>Decodes each utterance in turn with the language model (one thread; run several searches in parallel for more).</summary>
    public IReadOnlyList<IReadOnlyList<CtcHypothesis>> DecodeBatch<TState>(IReadOnlyList<ReadOnlyMemory<float>> utterances, ILanguageModelScorer<TState> lm)
        where TState : IEquatable<TState>
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var results = new IReadOnlyList<CtcHypothesis>[utterances.Count];
        for (int i = 0; i < results.Length; i++) results[i] = Decode(utterances[i].Span, lm);
        return results;
    }

    IReadOnlyList<CtcHypothesis> Run<TState>(ReadOnlySpan<float> logProbs, ILanguageModelScorer<TState>? lm) where TState : IEquatable<TState>
    {
        int C = alphabet.Count;
        if (logProbs.Length % C != 0)
            throw new ArgumentException($"logProbs has {logProbs.Length} values, not a whole number of frames of {C} classes (the alphabet's size; expected T × C, row-major).", nameof(logProbs));
        int T = logProbs.Length / C, K = Options.BeamWidth;
        var tree = new CtcPrefixTree<TState>(alphabet, delimiter, lm, hotwords, lm is null ? 0 : Options.Alpha, Options.Beta, Options.UnknownWordOffset, lexicon);
        var beams = new Beams(K);
        var next = new Beams(K * C);
        var kept = new int[C];
        var keys = new double[K * C];
        var order = new int[K * C];
        beams.Count = 1;
        (beams.Node[0], beams.Blank[0], beams.NonBlank[0]) = (CtcPrefixTree<TState>.Root, 0, double.NegativeInfinity);
        for (int t = 0; t < T; t++)
        {
            var row = logProbs.Slice(t * C, C);
            int classes = Kept(row, kept);
            next.Count = 0;
            for (int b = 0; b < beams.Count; b++)
            {
                int node = beams.Node[b], last = tree.Token(node);
                double pb = beams.Blank[b], pnb = beams.NonBlank[b], total = LogAdd(pb, pnb);
                for (int k = 0; k < classes; k++)
                {
                    int c = kept[k];
                    double y = row[c];
                    if (c == blank) next.AddBlank(tree, t, node, total + y);
                    else if (c == last)
                    {
                        next.AddNonBlank(tree, t, node, pnb + y);
                        if (pb > double.NegativeInfinity) Extend(tree, next, t, node, c, pb + y, delimiter);
                    }
                    else Extend(tree, next, t, node, c, total + y, delimiter);
                }
            }
            Select(tree, next, beams, keys, order);
        }
        return Results(tree, beams, keys, order);
    }

    /// <summary>
    /// Adds ln p to the candidate ℓ+c: its node when the trie has one (so paths to it from the beam's ℓ+c itself
    /// and from ℓ merge), else a new candidate that gets a node only if it survives the frame. Only ℓ extends to
    /// ℓ+c, so such a candidate is unique within the frame.
    /// </summary>
    static void Extend<TState>(CtcPrefixTree<TState> tree, Beams next, int frame, int node, int c, double logP, int delimiter) where TState : IEquatable<TState>
    {
        int child = c == delimiter ? tree.Child(node, c) : tree.Find(node, c);
        if (child >= 0) next.AddNonBlank(tree, frame, child, logP);
        else next.AddNew(node, c, logP, tree.ChildScore(node, c));
    }

    /// <summary>
    /// The classes worth expanding this frame: those at or above the threshold, and always the best. With a lexicon
    /// also the blank, which every prefix may take: the lexicon can forbid each of the other kept classes, and the
    /// beam would then be left empty.
    /// </summary>
    int Kept(ReadOnlySpan<float> row, int[] kept)
    {
        int best = TensorPrimitives.IndexOfMax(row), count = 0;
        double threshold = Options.TokenMinLogProb;
        for (int c = 0; c < row.Length; c++)
            if (c == best || row[c] >= threshold || (c == blank && lexicon is not null)) kept[count++] = c;
        return count;
    }

    /// <summary>The K best candidates, less those more than the pruning margin below the best, become the beam.</summary>
    void Select<TState>(CtcPrefixTree<TState> tree, Beams candidates, Beams beams, double[] keys, int[] order) where TState : IEquatable<TState>
    {
        int n = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            int node = candidates.Node[i];
            double score = LogAdd(candidates.Blank[i], candidates.NonBlank[i]) + (node >= 0 ? tree.Score(node) : candidates.Score[i]);
            if (double.IsNegativeInfinity(score)) continue;
            (keys[n], order[n]) = (-score, i);
            n++;
        }
        int kept = Math.Min(n, Options.BeamWidth);
        if (kept < n) PartitionSmallest(keys, order, n, kept);
        Array.Sort(keys, order, 0, kept);
        double floor = n == 0 ? 0 : -keys[0] + Options.BeamPruneLogProb;
        beams.Count = 0;
        for (int j = 0; j < kept && -keys[j] >= floor; j++)
        {
            int i = order[j], b = beams.Count++, node = candidates.Node[i];
            if (node < 0) node = tree.Child(candidates.Parent[i], candidates.Token[i]);
            (beams.Node[b], beams.Blank[b], beams.NonBlank[b]) = (node, candidates.Blank[i], candidates.NonBlank[i]);
        }
    }

    /// <summary>
    /// Moves the <paramref name="k"/> smallest of the first <paramref name="n"/> keys (with their items) to the front,
    /// in no order (Hoare's quickselect): the beam needs only its K best sorted, not every candidate.
    /// </summary>
    internal static void PartitionSmallest(double[] keys, int[] items, int n, int k)
    {
        int lo = 0, hi = n - 1;
        while (lo < hi)
        {
            double pivot = keys[lo + (hi - lo) / 2];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i > j) break;
                (keys[i], keys[j]) = (keys[j], keys[i]);
                (items[i], items[j]) = (items[j], items[i]);
                i++;
                j--;
            }
            // Now keys[lo..j] ≤ pivot ≤ keys[i..hi]; the boundary k lies in one part (or between them).
            if (k - 1 <= j) hi = j;
            else if (k - 1 >= i) lo = i;
            else return;
        }
    }

    IReadOnlyList<CtcHypothesis> Results<TState>(CtcPrefixTree<TState> tree, Beams beams, double[] keys, int[] order) where TState : IEquatable<TState>
    {
        var lmTotals = new double[beams.Count];
        var wordCounts = new int[beams.Count];
        for (int b = 0; b < beams.Count; b++)
        {
            double acoustic = LogAdd(beams.Blank[b], beams.NonBlank[b]);
            (keys[b], order[b]) = (-(acoustic + tree.Finish(beams.Node[b], out lmTotals[b], out wordCounts[b])), b);
        }
        Array.Sort(keys, order, 0, beams.Count);
        var results = new List<CtcHypothesis>(Options.NBest);
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < beams.Count && results.Count < Options.NBest; j++)
        {
            int b = order[j];
            var tokens = tree.Tokens(beams.Node[b]);
            var text = tree.Text(tokens);
            if (texts.Add(text))
                results.Add(new CtcHypothesis(text, tokens, -keys[j], LogAdd(beams.Blank[b], beams.NonBlank[b]), lmTotals[b], wordCounts[b]));
        }
        return results;
    }


    /// <summary>The empty language-model state of an acoustic-only search.</summary>
    readonly record struct NoState;
}
