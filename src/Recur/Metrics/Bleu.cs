// Corpus and sentence BLEU computed as sacreBLEU 2.x computes them: 13a tokens, clipped n-gram matches against the
// per-n-gram maximum over references, the closest reference length (ties to the shorter), the brevity penalty
// exp(1 − r/c), and the geometric mean of smoothed precisions.
namespace Recur.Metrics;

public sealed class Bleu
{
    /// <summary>The sacreBLEU release whose computation and signature format this reproduces.</summary>
    public const string SacreBleuVersion = "2.6.0";

    // sacreBLEU floors log(0) at this value, so an order without matches drives the score to exactly 0.
    const double LogOfZero = -9999999999;

    readonly BleuOptions options;

    public Bleu(BleuOptions? options = null)
    {
        this.options = options ?? new BleuOptions();
        this.options.Validate();
    }

    public BleuOptions Options => options;

    /// <summary>
    /// BLEU of a corpus. <paramref name="references"/> holds one or more reference streams, each with one line per
    /// hypothesis; every stream is used for every sentence.
    /// </summary>
    public BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        MetricInput.CheckAligned(hypotheses, references);
        var stats = new double[2 + 2 * options.MaxOrder];
        var segment = new List<string>(references.Count);
        for (int i = 0; i < hypotheses.Count; i++)
        {
            segment.Clear();
            foreach (var stream in references) segment.Add(stream[i]);
            AddSegmentStatistics(hypotheses[i], segment, stats);
        }
        return FromStatistics(stats);
    }

    /// <summary>BLEU of one hypothesis against its references; use <see cref="BleuOptions.EffectiveOrder"/> for sentences.</summary>
    public BleuScore Sentence(string hypothesis, IReadOnlyList<string> references)
    {
        if (references.Count == 0) throw new ArgumentException("At least one reference is needed.", nameof(references));
        var stats = new double[2 + 2 * options.MaxOrder];
        AddSegmentStatistics(hypothesis, references, stats);
        return FromStatistics(stats);
    }

    /// <summary>sacreBLEU's signature, e.g. <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0</c>.</summary>
    public string Signature(int referenceCount)
    {
        string smooth = options.Smoothing switch
        {
            BleuSmoothing.Exp => "exp",
            BleuSmoothing.Floor => "floor",
            BleuSmoothing.AddK => "add-k",
            _ => "none",
        };
        if (options.EffectiveSmoothValue is double v) smooth += $"[{PythonText.Fixed(v, 2)}]";
        return $"nrefs:{referenceCount}|case:{(options.Lowercase ? "lc" : "mixed")}|eff:{(options.EffectiveOrder ? "yes" : "no")}|tok:13a|smooth:{smooth}|version:{SacreBleuVersion}";
    }

    string Preprocess(string line) => Tokenizer13a.Tokenize(PythonText.TrimEnd(options.Lowercase ? line.ToLowerInvariant() : line));

    // stats: [hyp_len, ref_len, correct_1..N, total_1..N], summed over segments.
    void AddSegmentStatistics(string hypothesis, IReadOnlyList<string> references, double[] stats)
    {
        int order = options.MaxOrder;
        var referenceNgrams = new Dictionary<string, int>();
        var referenceLengths = new int[references.Count];
        for (int r = 0; r < references.Count; r++)
        {
            var (counts, length) = CountNgrams(Preprocess(references[r]), order);
            referenceLengths[r] = length;
            foreach (var (ngram, count) in counts)
                if (!referenceNgrams.TryGetValue(ngram, out int best) || count > best) referenceNgrams[ngram] = count;
        }
        var (hypothesisNgrams, hypothesisLength) = CountNgrams(Preprocess(hypothesis), order);
        stats[0] += hypothesisLength;
        stats[1] += ClosestReferenceLength(hypothesisLength, referenceLengths);
        foreach (var (ngram, count) in hypothesisNgrams)
        {
            int n = 1;
            foreach (char c in ngram) if (c == ' ') n++;
            stats[1 + order + n] += count;
            if (referenceNgrams.TryGetValue(ngram, out int inReference)) stats[1 + n] += Math.Min(count, inReference);
        }
    }

    // The reference length nearest the hypothesis length; of two equally near, the shorter.
    static int ClosestReferenceLength(int hypothesisLength, int[] referenceLengths)
    {
        int best = -1, bestDiff = -1;
        foreach (int length in referenceLengths)
        {
            int diff = Math.Abs(hypothesisLength - length);
            if (bestDiff == -1 || diff < bestDiff || (diff == bestDiff && length < best)) (best, bestDiff) = (length, diff);
        }
        return best;
    }

    // N-grams of orders 1..order over space-separated tokens, keyed by the tokens joined with single spaces.
    static (Dictionary<string, int> Counts, int Length) CountNgrams(string tokenized, int order)
    {
        var tokens = PythonText.Split(tokenized).ToArray();
        var counts = new Dictionary<string, int>();
        for (int n = 1; n <= order; n++)
            for (int i = 0; i + n <= tokens.Length; i++)
            {
                string key = n == 1 ? tokens[i] : string.Join(' ', tokens, i, n);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return (counts, tokens.Length);
    }

    BleuScore FromStatistics(double[] stats)
    {
        int order = options.MaxOrder;
        long hypothesisLength = (long)stats[0], referenceLength = (long)stats[1];
        var correct = stats[2..(2 + order)];
        var total = stats[(2 + order)..];
        double bp = hypothesisLength >= referenceLength ? 1.0
            : hypothesisLength > 0 ? Math.Exp(1 - (double)referenceLength / hypothesisLength) : 0.0;
        var precisions = new double[order];
        if (correct.All(c => c == 0)) return new BleuScore(0, correct, total, precisions, bp, hypothesisLength, referenceLength);

        double smoothValue = options.EffectiveSmoothValue ?? 0;
        double mteval = 1;
        int effectiveOrder = order;
        for (int n = 1; n <= order; n++)
        {
            if (options.Smoothing == BleuSmoothing.AddK && n > 1)
            {
                correct[n - 1] += smoothValue;
                total[n - 1] += smoothValue;
            }
            if (total[n - 1] == 0) break;
            if (options.EffectiveOrder) effectiveOrder = n;
            if (correct[n - 1] != 0) precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            else if (options.Smoothing == BleuSmoothing.Exp)
            {
                mteval *= 2;
                precisions[n - 1] = 100.0 / (mteval * total[n - 1]);
            }
            else if (options.Smoothing == BleuSmoothing.Floor) precisions[n - 1] = 100.0 * smoothValue / total[n - 1];
        }
        // Summed left to right, as Python's sum() does, so the last bits agree.
        double logSum = 0;
        for (int n = 0; n < effectiveOrder; n++) logSum += precisions[n] == 0 ? LogOfZero : Math.Log(precisions[n]);
        double score = bp * Math.Exp(logSum / effectiveOrder);
        return new BleuScore(score, correct, total, precisions, bp, hypothesisLength, referenceLength);
    }
}
