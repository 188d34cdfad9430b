using System.Numerics.Tensors;
using Recur.Kernels;

namespace Recur.Embeddings.Evaluation;

/// <summary>
/// Answers analogy questions over the first <c>restrict</c> words (the most frequent, as word2vec's
/// compute-accuracy and gensim's <c>restrict_vocab</c> do). A question with any word outside that set is counted as
/// asked but not answered. Cosines of the questions' words with every candidate come from one GEMM per block of
/// questions; each question then needs only element-wise work over the candidates, shared by both methods.
/// </summary>
public static class AnalogyEvaluator
{
    const int QuestionsPerBlock = 256;
    const float CosMulEpsilon = 0.001f;

    public static IReadOnlyList<AnalogyResult> Evaluate(WordVectors vectors, IReadOnlyList<AnalogyQuestion> questions, int restrict = 30_000,
        IReadOnlyList<AnalogyMethod>? methods = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentOutOfRangeException.ThrowIfLessThan(restrict, 1);
        methods ??= [AnalogyMethod.CosAdd, AnalogyMethod.CosMul];
        var unit = vectors.Take(restrict).Normalized();
        int n = unit.Count, d = unit.Dimension;

        var ids = questions.Select(q => (A: unit.IndexOf(q.A), B: unit.IndexOf(q.B), C: unit.IndexOf(q.C), D: unit.IndexOf(q.D))).ToArray();
        var correct = new bool[methods.Count, questions.Count];
        var answerable = ids.Select(x => x.A >= 0 && x.B >= 0 && x.C >= 0 && x.D >= 0).ToArray();
        var todo = Enumerable.Range(0, questions.Count).Where(i => answerable[i]).ToArray();
        var scores = new float[n];
        var scratch = new float[n];
        for (int start = 0; start < todo.Length; start += QuestionsPerBlock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var block = todo.AsSpan(start, Math.Min(QuestionsPerBlock, todo.Length - start));
            var rowOf = new Dictionary<int, int>();
            foreach (int q in block)
                foreach (int w in new[] { ids[q].A, ids[q].B, ids[q].C }) rowOf.TryAdd(w, rowOf.Count);
            var queries = new float[rowOf.Count * d];
            foreach (var (w, r) in rowOf) unit.Vector(w).CopyTo(queries.AsSpan(r * d, d));
            // cosines (u×n) = queries (u×d) · unitᵀ (d×n)
            var cosines = new float[rowOf.Count * n];
            Gemm.Multiply(false, true, rowOf.Count, n, d, 1, queries, d, unit.Data, d, 0, cosines, n);
            foreach (int q in block)
            {
                var (a, b, c, expected) = ids[q];
                var ca = cosines.AsSpan(rowOf[a] * n, n);
                var cb = cosines.AsSpan(rowOf[b] * n, n);
                var cc = cosines.AsSpan(rowOf[c] * n, n);
                for (int m = 0; m < methods.Count; m++)
                {
                    if (methods[m] == AnalogyMethod.CosAdd) CosAdd(ca, cb, cc, scores);
                    else CosMul(ca, cb, cc, scores, scratch);
                    scores[a] = scores[b] = scores[c] = float.NegativeInfinity;
                    correct[m, q] = TensorPrimitives.IndexOfMax(scores) == expected;
                }
            }
        }

        var results = new List<AnalogyResult>();
        for (int m = 0; m < methods.Count; m++)
        {
            var sections = questions.Select((q, i) => (q, i)).GroupBy(x => x.q.Section)
                .Select(g => new AnalogyScore(g.Key, g.Count(), g.Count(x => answerable[x.i]), g.Count(x => correct[m, x.i])))
                .ToArray();
            var syntacticNames = questions.Where(q => q.IsSyntactic).Select(q => q.Section).ToHashSet();
            var semantic = AnalogyScore.Sum("semantic", sections.Where(s => !syntacticNames.Contains(s.Name)));
            var syntactic = AnalogyScore.Sum("syntactic", sections.Where(s => syntacticNames.Contains(s.Name)));
            results.Add(new AnalogyResult(methods[m], n, sections, semantic, syntactic, AnalogyScore.Sum("overall", sections)));
        }
        return results;
    }

    /// <summary>cos(x, b) − cos(x, a) + cos(x, c): the same argmax as cos(x, b − a + c) for unit a, b, c.</summary>
    static void CosAdd(ReadOnlySpan<float> ca, ReadOnlySpan<float> cb, ReadOnlySpan<float> cc, Span<float> scores)
    {
        TensorPrimitives.Subtract(cb, ca, scores);
        TensorPrimitives.Add(scores, cc, scores);
    }

    static void CosMul(ReadOnlySpan<float> ca, ReadOnlySpan<float> cb, ReadOnlySpan<float> cc, Span<float> scores, Span<float> scratch)
    {
        // (cb+1)/2 · (cc+1)/2 / ((ca+1)/2 + ε)
        TensorPrimitives.Add(cb, 1f, scores);
        TensorPrimitives.Add(cc, 1f, scratch);
        TensorPrimitives.Multiply(scores, scratch, scores);
        TensorPrimitives.Multiply(scores, 0.25f, scores);
        TensorPrimitives.Multiply(ca, 0.5f, scratch);
        TensorPrimitives.Add(scratch, 0.5f + CosMulEpsilon, scratch);
        TensorPrimitives.Divide(scores, scratch, scores);
    }
}
