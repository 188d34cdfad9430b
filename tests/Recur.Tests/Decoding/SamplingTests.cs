using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class SamplingTests
{
    static void Close(float[] expected, float[] actual, float tolerance = 1e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.InRange(actual[i], expected[i] - tolerance, expected[i] + tolerance);
    }

    [Fact]
    public void GreedyPicksTheLargestAndTheLowestIdOnTies()
    {
        Assert.Equal(2, Sampling.Greedy([0.1f, 0.2f, 0.5f, 0.2f]));
        Assert.Equal(1, Sampling.Greedy([0.1f, 0.4f, 0.1f, 0.4f]));
    }

    [Fact]
    public void SoftmaxWithTemperatureMatchesHandWorkedValues()
    {
        float[] logits = [0f, MathF.Log(2f), MathF.Log(4f)];
        var p = new float[3];
        Sampling.Softmax(logits, 1f, p);
        Close([1f / 7, 2f / 7, 4f / 7], p);
        // τ = 2 takes square roots of the odds: 1 : √2 : 2.
        Sampling.Softmax(logits, 2f, p);
        float z = 3f + MathF.Sqrt(2f);
        Close([1f / z, MathF.Sqrt(2f) / z, 2f / z], p);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.Softmax(logits, 0f, p));
    }

    [Fact]
    public void TopKKeepsTheKLargestAndRenormalises()
    {
        float[] p = [0.1f, 0.4f, 0.3f, 0.2f];
        Sampling.TopK(p, 2);
        Close([0f, 4f / 7, 3f / 7, 0f], p);
        float[] all = [0.1f, 0.9f];
        Sampling.TopK(all, 5);
        Close([0.1f, 0.9f], all);
    }

    [Fact]
    public void TopPKeepsTheSmallestSetReachingTheMass()
    {
        // Sorted: 0.5, 0.2 (id 1 before id 2 on the tie), 0.2, 0.1. Mass 0.5 < 0.6, then 0.7 ≥ 0.6: keep two.
        float[] p = [0.5f, 0.2f, 0.2f, 0.1f];
        Sampling.TopP(p, 0.6f);
        Close([5f / 7, 2f / 7, 0f, 0f], p);
        // Exactly reaching p counts: 0.5 ≥ 0.5 keeps one entry.
        float[] q = [0.5f, 0.2f, 0.2f, 0.1f];
        Sampling.TopP(q, 0.5f);
        Close([1f, 0f, 0f, 0f], q);
        float[] r = [0.1f, 0.3f, 0.6f];
        Sampling.TopP(r, 1f);
        Close([0.1f, 0.3f, 0.6f], r);
    }

    [Fact]
    public void MinPKeepsEntriesWithinTheFactorOfTheLargest()
    {
        // Largest 0.5: min-p 0.4 keeps p ≥ 0.2, so 0.5, 0.2 and 0.2 survive and 0.1 goes.
        float[] p = [0.1f, 0.5f, 0.2f, 0.2f];
        Sampling.MinP(p, 0.4f);
        Close([0f, 5f / 9, 2f / 9, 2f / 9], p);
        float[] q = [0.3f, 0.7f];
        Sampling.MinP(q, 0f);
        Close([0.3f, 0.7f], q);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.MinP(q, 1.5f));
    }

    [Fact]
    public void DrawFollowsTheDistribution()
    {
        var g = new Generator(42);
        float[] p = [0.2f, 0f, 0.5f, 0.3f];
        var counts = new int[4];
        const int draws = 20_000;
        for (int i = 0; i < draws; i++) counts[Sampling.Draw(p, g)]++;
        Assert.Equal(0, counts[1]);
        // Binomial standard deviation is at most √(n/4) ≈ 71; allow five of them.
        for (int i = 0; i < 4; i++) Assert.InRange(counts[i], p[i] * draws - 360, p[i] * draws + 360);
    }

    [Fact]
    public void NextIsReproducibleForASeedAndGreedyIgnoresTheGenerator()
    {
        float[] logits = [1f, 2f, 0.5f, 1.5f, -1f];
        var scratch = new float[5];
        var options = new SamplingOptions(Temperature: 0.8f, TopK: 3, TopP: 0.9f);
        int[] Run(ulong seed)
        {
            var g = new Generator(seed);
            return Enumerable.Range(0, 50).Select(_ => Sampling.Next(logits, options, g, scratch)).ToArray();
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
        // Top-k 3 leaves ids 1, 3, 0; the nucleus at 0.9 of those can never reach ids 2 or 4.
        Assert.DoesNotContain(Run(7), id => id is 2 or 4);
        Assert.Equal(1, Sampling.Next(logits, new SamplingOptions(Greedy: true), new Generator(1), scratch));
    }
}
