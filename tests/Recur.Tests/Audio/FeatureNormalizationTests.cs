using Recur.Audio;

namespace Recur.Tests.Audio;

public class FeatureNormalizationTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(37, 13)]
    [InlineData(200, 80)]
    public void GivesMeanZeroVarianceOne(int frames, int dims)
    {
        var generator = new Generator(11);
        var features = new float[frames * dims];
        for (int i = 0; i < features.Length; i++)
            features[i] = (float)(-13 + 5 * (i % dims) + (1 + i % dims) * generator.NextNormal());
        FeatureNormalization.PerUtterance(features, dims);
        for (int d = 0; d < dims; d++)
        {
            double mean = 0, square = 0;
            for (int t = 0; t < frames; t++)
            {
                mean += features[t * dims + d];
                square += features[t * dims + d] * features[t * dims + d];
            }
            mean /= frames;
            Assert.Equal(0, mean, 1e-5);
            // One frame has no spread: it is only centred.
            Assert.Equal(frames == 1 ? 0 : 1, square / frames - mean * mean, 1e-4);
        }
    }

    [Fact]
    public void ConstantDimensionBecomesZeros()
    {
        float[] features = [3, 1, 3, 2, 3, 3];
        FeatureNormalization.PerUtterance(features, 2);
        Assert.Equal([0f, 0f, 0f], new[] { features[0], features[2], features[4] });
        Assert.All(features, v => Assert.True(float.IsFinite(v)));
    }
}
