using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class CandidateHeapTests
{
    /// <summary>The naive reference: every (prefix + value, index), sorted by score descending then index ascending.</summary>
    static List<(double Score, int Index)> Naive(float[][] rows, double[] prefixes, int count)
    {
        var all = new List<(double, int)>();
        for (int w = 0; w < rows.Length; w++)
            for (int v = 0; v < rows[w].Length; v++)
                if (prefixes[w] + rows[w][v] > double.NegativeInfinity) all.Add((prefixes[w] + rows[w][v], w * rows[w].Length + v));
        return all.OrderByDescending(c => c.Item1).ThenBy(c => c.Item2).Take(count).ToList();
    }

    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(3, 7, false)]
    [InlineData(4, 31, false)]
    [InlineData(2, 32, true)]
    [InlineData(5, 33, false)]
    [InlineData(3, 257, true)]
    [InlineData(6, 1000, false)]
    public void KeepsTheBestCandidatesWithTiesTowardTheLowerIndex(int beams, int vocabulary, bool coarse)
    {
        var g = new Generator((ulong)(beams * 1000 + vocabulary));
        // Coarse values (multiples of 1/4) make many exact ties; banned entries are −∞.
        var rows = Enumerable.Range(0, beams).Select(_ => Enumerable.Range(0, vocabulary).Select(_ =>
        {
            double x = -3 * g.NextDouble();
            if (g.NextDouble() < 0.1) return float.NegativeInfinity;
            return coarse ? MathF.Round((float)x * 4) / 4 : (float)x;
        }).ToArray()).ToArray();
        var prefixes = Enumerable.Range(0, beams).Select(w => coarse ? -0.5 * w : -g.NextDouble()).ToArray();
        foreach (int capacity in new[] { 1, 2 * beams, 10 })
        {
            var heap = new CandidateHeap();
            heap.Reset(capacity);
            for (int w = 0; w < beams; w++) heap.Scan(rows[w], prefixes[w], w * vocabulary);
            heap.SortDescending();
            var expected = Naive(rows, prefixes, capacity);
            Assert.Equal(expected.Count, heap.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Index, heap.IndexAt(i));
                Assert.Equal(expected[i].Score, heap.ScoreAt(i));
            }
        }
    }

    [Fact]
    public void ValuesJustAboveTheFloatLimitAreNotLost()
    {
        // The first row sets the threshold to −1. The second row's prefix is +1e−12, so its −1 scores above the
        // threshold, but threshold − prefix = −1 − 1e−12 rounds to the float −1; unless that limit is rounded
        // down, the vector pre-filter would drop the entry.
        var heap = new CandidateHeap();
        heap.Reset(1);
        heap.Scan([-1f], 0, 0);
        var row = new float[64];
        Array.Fill(row, -2f);
        row[40] = -1f;
        heap.Scan(row, 1e-12, 1);
        heap.SortDescending();
        Assert.Equal(41, heap.IndexAt(0));
    }
}
