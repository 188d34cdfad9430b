// chrF (Popović 2015) and chrF++ (Popović 2017) computed as sacreBLEU 2.x computes them: character n-grams of orders
// 1..6 over the text without whitespace, optional word n-grams over words with one leading or trailing punctuation
// mark split off, per-order [hypothesis, reference, match] counts of the best-scoring reference summed over the
// corpus, and the F_β of the precision and recall averaged over the orders present.
namespace Recur.Metrics;

public sealed class ChrF
{
    const double Epsilon = 1e-16;
    const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    readonly ChrFOptions options;

    public ChrF(ChrFOptions? options = null)
    {
        this.options = options ?? new ChrFOptions();
        this.options.Validate();
    }

    public ChrFOptions Options => options;

    int Order => options.CharOrder + options.WordOrder;

    /// <summary>chrF of a corpus against one or more reference streams (one line per hypothesis in each).</summary>
    public ChrFScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        MetricInput.CheckAligned(hypotheses, references);
        var total = new long[3 * Order];
        var segment = new List<string>(references.Count);
        for (int i = 0; i < hypotheses.Count; i++)
        {
            segment.Clear();
            foreach (var stream in references) segment.Add(stream[i]);
            var stats = SegmentStatistics(hypotheses[i], segment);
            for (int k = 0; k < total.Length; k++) total[k] += stats[k];
        }
        return new ChrFScore(FScore(total), options.CharOrder, options.WordOrder, options.Beta);
    }

    /// <summary>chrF of one hypothesis against its references.</summary>
    public ChrFScore Sentence(string hypothesis, IReadOnlyList<string> references)
    {
        if (references.Count == 0) throw new ArgumentException("At least one reference is needed.", nameof(references));
        return new ChrFScore(FScore(SegmentStatistics(hypothesis, references)), options.CharOrder, options.WordOrder, options.Beta);
    }

    /// <summary>sacreBLEU's signature, e.g. <c>nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0</c>.</summary>
    public string Signature(int referenceCount) =>
        $"nrefs:{referenceCount}|case:{(options.Lowercase ? "lc" : "mixed")}|eff:{(options.EpsSmoothing ? "no" : "yes")}|" +
        $"nc:{options.CharOrder}|nw:{options.WordOrder}|space:{(options.Whitespace ? "yes" : "no")}|version:{Bleu.SacreBleuVersion}";

    // The [hyp, ref, match] triples of the reference with the highest F-score (the first of equals).
    long[] SegmentStatistics(string hypothesis, IReadOnlyList<string> references)
    {
        var hypothesisNgrams = Ngrams(Preprocess(hypothesis));
        long[] best = [];
        double bestScore = -1;
        foreach (string reference in references)
        {
            var referenceNgrams = Ngrams(Preprocess(reference));
            var stats = new long[3 * Order];
            for (int k = 0; k < Order; k++)
            {
                var (h, r) = (hypothesisNgrams[k], referenceNgrams[k]);
                long hypCount = 0, match = 0, refCount = 0;
                foreach (var (ngram, count) in h)
                {
                    hypCount += count;
                    if (r.TryGetValue(ngram, out int inRef)) match += Math.Min(count, inRef);
                }
                foreach (int count in r.Values) refCount += count;
                // Hypothesis n-grams count only where the reference has n-grams of that order at all.
                stats[3 * k] = r.Count > 0 ? hypCount : 0;
                stats[3 * k + 1] = refCount;
                stats[3 * k + 2] = match;
            }
            double score = FScore(stats);
            if (score > bestScore) (best, bestScore) = (stats, score);
        }
        return best;
    }

    string Preprocess(string line) => options.Lowercase ? line.ToLowerInvariant() : line;

    // Character n-grams of orders 1..CharOrder, then word n-grams of orders 1..WordOrder.
    List<Dictionary<string, int>> Ngrams(string line)
    {
        var all = new List<Dictionary<string, int>>(Order);
        string chars = options.Whitespace ? line : string.Concat(PythonText.Split(line));
        int[] starts = PythonText.CodePointStarts(chars);
        int length = starts.Length - 1;
        for (int n = 1; n <= options.CharOrder; n++)
        {
            var counts = new Dictionary<string, int>();
            for (int i = 0; i + n <= length; i++)
            {
                string key = chars[starts[i]..starts[i + n]];
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            all.Add(counts);
        }
        if (options.WordOrder > 0)
        {
            var words = SplitPunctuation(line);
            for (int n = 1; n <= options.WordOrder; n++)
            {
                var counts = new Dictionary<string, int>();
                for (int i = 0; i + n <= words.Count; i++)
                {
                    string key = string.Join(' ', words.GetRange(i, n));
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
                all.Add(counts);
            }
        }
        return all;
    }

    // chrF++'s word splitting: a word longer than one character loses a trailing punctuation mark, or else a leading
    // one, as a word of its own ("(hi)" becomes "(hi" and ")").
    static List<string> SplitPunctuation(string line)
    {
        var words = new List<string>();
        foreach (string w in PythonText.Split(line))
        {
            int[] starts = PythonText.CodePointStarts(w);
            if (starts.Length - 1 == 1) words.Add(w);
            else if (Punctuation.Contains(w[^1])) { words.Add(w[..^1]); words.Add(w[^1..]); }
            else if (Punctuation.Contains(w[0])) { words.Add(w[..1]); words.Add(w[1..]); }
            else words.Add(w);
        }
        return words;
    }

    double FScore(long[] stats)
    {
        double factor = (double)options.Beta * options.Beta;
        double score = 0, averagePrecision = 0, averageRecall = 0;
        int effectiveOrder = 0;
        for (int k = 0; k < Order; k++)
        {
            long hyp = stats[3 * k], reference = stats[3 * k + 1], match = stats[3 * k + 2];
            double precision = hyp > 0 ? (double)match / hyp : Epsilon;
            double recall = reference > 0 ? (double)match / reference : Epsilon;
            double denominator = factor * precision + recall;
            score += denominator > 0 ? (1 + factor) * precision * recall / denominator : Epsilon;
            if (hyp > 0 && reference > 0)
            {
                averagePrecision += precision;
                averageRecall += recall;
                effectiveOrder++;
            }
        }
        if (options.EpsSmoothing) return 100 * score / Order;
        if (effectiveOrder == 0) return 0;
        averagePrecision /= effectiveOrder;
        averageRecall /= effectiveOrder;
        if (averagePrecision + averageRecall == 0) return 0;
        return 100 * ((1 + factor) * averagePrecision * averageRecall / (factor * averagePrecision + averageRecall));
    }
}
