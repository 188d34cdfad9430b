// Word and character error rates: Levenshtein alignment by dynamic programming (Wagner & Fischer 1974), then one
// backtrace to split the distance into substitutions, deletions and insertions.
using System.Text;

namespace Recur.Metrics;

public static class ErrorRate
{
    /// <summary>Word errors of one sentence; words are separated by whitespace.</summary>
    public static EditCounts Words(string hypothesis, string reference) =>
        Align(PythonText.Split(reference).ToArray(), PythonText.Split(hypothesis).ToArray());

    /// <summary>Character errors of one sentence, over Unicode scalar values (spaces included, as they are written).</summary>
    public static EditCounts Characters(string hypothesis, string reference) =>
        Align(reference.EnumerateRunes().ToArray(), hypothesis.EnumerateRunes().ToArray());

    /// <summary>Corpus word error counts: the edits of every sentence pair summed (WER = total edits / total reference words).</summary>
    public static EditCounts Words(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references) =>
        Sum(hypotheses, references, Words);

    /// <summary>Corpus character error counts, summed over sentence pairs.</summary>
    public static EditCounts Characters(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references) =>
        Sum(hypotheses, references, Characters);

    static EditCounts Sum(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, Func<string, string, EditCounts> one)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"There are {hypotheses.Count} hypotheses but {references.Count} references.", nameof(references));
        var total = default(EditCounts);
        for (int i = 0; i < hypotheses.Count; i++) total += one(hypotheses[i], references[i]);
        return total;
    }

    /// <summary>
    /// Aligns <paramref name="hypothesis"/> to <paramref name="reference"/> at minimum edit cost. Of the alignments with
    /// that cost, the backtrace prefers a match or substitution, then a deletion, then an insertion.
    /// </summary>
    public static EditCounts Align<T>(ReadOnlySpan<T> reference, ReadOnlySpan<T> hypothesis) where T : IEquatable<T>
    {
        int n = reference.Length, m = hypothesis.Length;
        // cost[i, j]: edits turning reference[..i] into hypothesis[..j]; (n + 1) × (m + 1).
        var cost = new int[(n + 1) * (m + 1)];
        int w = m + 1;
        for (int j = 0; j <= m; j++) cost[j] = j;
        for (int i = 1; i <= n; i++)
        {
            cost[i * w] = i;
            for (int j = 1; j <= m; j++)
            {
                int diagonal = cost[(i - 1) * w + j - 1] + (reference[i - 1].Equals(hypothesis[j - 1]) ? 0 : 1);
                int deletion = cost[(i - 1) * w + j] + 1;
                int insertion = cost[i * w + j - 1] + 1;
                cost[i * w + j] = Math.Min(diagonal, Math.Min(deletion, insertion));
            }
        }
        long s = 0, d = 0, ins = 0, hits = 0;
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            int here = cost[i * w + j];
            if (i > 0 && j > 0)
            {
                bool same = reference[i - 1].Equals(hypothesis[j - 1]);
                if (here == cost[(i - 1) * w + j - 1] + (same ? 0 : 1))
                {
                    if (same) hits++; else s++;
                    i--; j--;
                    continue;
                }
            }
            if (i > 0 && here == cost[(i - 1) * w + j] + 1) { d++; i--; }
            else { ins++; j--; }
        }
        return new EditCounts(s, d, ins, hits, n);
    }

    static EditCounts Align<T>(T[] reference, T[] hypothesis) where T : IEquatable<T> =>
        Align((ReadOnlySpan<T>)reference, (ReadOnlySpan<T>)hypothesis);
}
