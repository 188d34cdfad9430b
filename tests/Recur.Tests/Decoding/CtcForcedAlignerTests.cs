using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class CtcForcedAlignerTests
{
    static readonly string[] Alphabet = ["_", "a", "b"];

    /// <summary>The best of all C^T frame paths that collapse to <paramref name="targets"/>, by enumeration; null when none does.</summary>
    static (int[] Path, double LogProb)? BestPathByEnumeration(float[] logProbs, int C, int[] targets, int blank)
    {
        int T = logProbs.Length / C;
        (int[] Path, double LogProb)? best = null;
        var path = new int[T];
        for (long a = 0, total = (long)Math.Pow(C, T); a < total; a++)
        {
            long rest = a;
            double logP = 0;
            for (int t = 0; t < T; t++, rest /= C)
            {
                path[t] = (int)(rest % C);
                logP += logProbs[t * C + path[t]];
            }
            var labels = new List<int>();
            for (int t = 0; t < T; t++)
                if (path[t] != blank && (t == 0 || path[t] != path[t - 1])) labels.Add(path[t]);
            if (labels.SequenceEqual(targets) && (best is null || logP > best.Value.LogProb)) best = ((int[])path.Clone(), logP);
        }
        return best;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FindsTheBestPathThatEnumerationFinds(int seed)
    {
        var random = new Random(seed);
        int checkedAlignments = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            int C = random.Next(2, 5), T = random.Next(1, 8), blank = random.Next(C), S = random.Next(0, Math.Min(T, 4) + 1);
            var logProbs = CtcEmissions.Random(random, T, C, sharpness: 4);
            var targets = Enumerable.Range(0, S).Select(_ => { int c; do c = random.Next(C); while (c == blank); return c; }).ToArray();
            var expected = BestPathByEnumeration(logProbs, C, targets, blank);
            var alignment = CtcForcedAligner.Align(logProbs, C, targets, blank);
            if (expected is null)
            {
                Assert.Null(alignment);
                continue;
            }
            Assert.NotNull(alignment);
            Assert.Equal(expected.Value.LogProb, alignment.LogProb, 9);
            Assert.Equal(expected.Value.Path, alignment.Frames);
            checkedAlignments++;
        }
        Assert.True(checkedAlignments > 20, $"only {checkedAlignments} of 40 random cases had an alignment");
    }

    [Fact]
    public void SpansCoverEachLabelsFramesInOrder()
    {
        // Peaky frames for "_aa_ab__bb": the labelling a a b b is forced, and each label's run is where its frames are.
        var logProbs = CtcEmissions.Frames(Alphabet, CtcEmissions.Spell("_aa_ab__bb"));
        var alignment = CtcForcedAligner.Align(logProbs, 3, [1, 1, 2, 2])!;
        Assert.Equal([0, 1, 1, 0, 1, 2, 0, 0, 2, 2], alignment.Frames);
        Assert.Equal([(1, 1, 3), (1, 4, 5), (2, 5, 6), (2, 8, 10)], alignment.Tokens.Select(s => (s.Token, s.Start, s.End)));
        double expected = Enumerable.Range(0, 10).Sum(t => (double)logProbs[t * 3 + alignment.Frames[t]]);
        Assert.Equal(expected, alignment.LogProb, 9);
        Assert.Equal(expected, alignment.Tokens.Sum(s => s.LogProb) + new[] { 0, 3, 6, 7 }.Sum(t => (double)logProbs[t * 3]), 9);
        Assert.Equal(2 * Math.Log(0.9), alignment.Tokens[0].LogProb, 6);
    }

    [Fact]
    public void ALabellingTheModelDoesNotPreferIsStillAligned()
    {
        // The frames say "ab"; forcing "ba" must still place b before a, at whatever cost.
        var logProbs = CtcEmissions.Frames(Alphabet, CtcEmissions.Spell("a_b"));
        var alignment = CtcForcedAligner.Align(logProbs, 3, [2, 1])!;
        Assert.Equal([2, 1], alignment.Tokens.Select(s => s.Token));
        Assert.True(alignment.Tokens[0].End <= alignment.Tokens[1].Start);
        Assert.True(alignment.LogProb < 3 * Math.Log(0.9));
    }

    [Fact]
    public void RepeatedLabelsNeedABlankBetweenThem()
    {
        var logProbs = CtcEmissions.Random(new Random(7), 2, 3);
        Assert.Null(CtcForcedAligner.Align(logProbs, 3, [1, 1]));   // needs three frames
        Assert.NotNull(CtcForcedAligner.Align(logProbs, 3, [1, 2]));
        var three = CtcForcedAligner.Align(CtcEmissions.Random(new Random(7), 3, 3), 3, [1, 1])!;
        Assert.Equal([1, 0, 1], three.Frames);
    }

    [Fact]
    public void ImpossibleAndEmptyLabellings()
    {
        var logProbs = CtcEmissions.Frames(Alphabet, CtcEmissions.Spell("ab"));
        logProbs[1 * 3 + 2] = float.NegativeInfinity;   // b can never be heard at frame 1 …
        logProbs[0 * 3 + 2] = float.NegativeInfinity;   // … nor at frame 0
        Assert.Null(CtcForcedAligner.Align(logProbs, 3, [2]));
        var empty = CtcForcedAligner.Align(logProbs, 3, [])!;
        Assert.Equal([0, 0], empty.Frames);
        Assert.Empty(empty.Tokens);
        Assert.Equal(0, CtcForcedAligner.Align([], 3, [])!.LogProb);
        Assert.Null(CtcForcedAligner.Align([], 3, [1]));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        var logProbs = new float[6];
        Assert.Contains("blank", Assert.Throws<ArgumentException>(() => CtcForcedAligner.Align(logProbs, 3, [0, 1])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CtcForcedAligner.Align(logProbs, 3, [3]));
        Assert.Contains("7 values", Assert.Throws<ArgumentException>(() => CtcForcedAligner.Align(new float[7], 3, [1])).Message);
    }
}
