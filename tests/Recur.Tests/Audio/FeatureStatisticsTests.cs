using Recur.Audio;

namespace Recur.Tests.Audio;

public class FeatureStatisticsTests
{
    [Fact]
    public void HandWorkedStatisticsOverTwoUtterances()
    {
        // Dimension 0 takes 1, 3 | 5 (mean 3, variance 8/3); dimension 1 takes −12, −12 | −12 (no spread).
        float[] a = [1, -12, 3, -12], b = [5, -12];
        var statistics = FeatureStatistics.Compute([a, b], dims: 2);
        Assert.Equal([3f, -12f], statistics.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), statistics.StandardDeviation[0], 6);
        Assert.Equal(Math.Sqrt(FeatureNormalization.VarianceFloor), statistics.StandardDeviation[1], 12);
        statistics.Apply(a);
        Assert.Equal(-2 / Math.Sqrt(8.0 / 3), a[0], 5);
        Assert.Equal(0f, a[1]);
    }

    [Fact]
    public void TheCorpusComesOutWithMeanZeroAndVarianceOne()
    {
        var generator = new Generator(3);
        var utterances = Enumerable.Range(0, 5).Select(u => Enumerable.Range(0, (10 + u) * 3).Select(i => (float)(-8 + 4 * (i % 3) + (1 + u) * generator.NextNormal())).ToArray()).ToArray();
        var statistics = FeatureStatistics.Compute(utterances, 3);
        foreach (var u in utterances) statistics.Apply(u);
        var all = utterances.SelectMany(u => u).ToArray();
        for (int d = 0; d < 3; d++)
        {
            var column = all.Where((_, i) => i % 3 == d).Select(v => (double)v).ToArray();
            double mean = column.Average();
            Assert.Equal(0, mean, 1e-5);
            Assert.Equal(1, column.Select(v => (v - mean) * (v - mean)).Average(), 1e-4);
        }
    }

    [Fact]
    public void BadInputIsNamed()
    {
        Assert.Throws<ArgumentException>(() => FeatureStatistics.Compute([new float[3]], dims: 2));
        Assert.Throws<ArgumentException>(() => FeatureStatistics.Compute([], dims: 2));
        Assert.Throws<ArgumentException>(() => new FeatureStatistics([0f], [0f]));
        Assert.Throws<ArgumentException>(() => new FeatureStatistics([0f, 1f], [1f]));
        Assert.Throws<ArgumentException>(() => new FeatureStatistics([0f, 0f], [1f, 1f]).Apply(new float[3]));
    }
}
