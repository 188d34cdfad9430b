using Recur.Audio;

namespace Recur.Tests.Audio;

public class SpecAugmentTests
{
    static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MasksStayWithinTheirBounds(ulong seed)
    {
        const int frames = 57, dims = 40;
        var options = new SpecAugmentOptions(FrequencyMasks: 1, FrequencyWidth: 15, TimeMasks: 1, TimeWidth: 40, MaxTimeFraction: 0.2);
        var features = Ones(frames * dims);
        SpecAugment.Apply(features, frames, dims, options, new Generator(seed));
        // A dimension zero in every frame is frequency-masked; a frame zero in every dimension is time-masked.
        var maskedDims = Enumerable.Range(0, dims).Where(d => Enumerable.Range(0, frames).All(t => features[t * dims + d] == 0)).ToArray();
        var maskedFrames = Enumerable.Range(0, frames).Where(t => Enumerable.Range(0, dims).All(d => features[t * dims + d] == 0)).ToArray();
        Assert.True(maskedDims.Length <= 15, $"{maskedDims.Length} dims masked");
        Assert.True(maskedFrames.Length <= (int)(0.2 * frames), $"{maskedFrames.Length} frames masked, more than 20% of {frames}");
        AssertContiguous(maskedDims);
        AssertContiguous(maskedFrames);
        // Every zero lies in a masked dimension or frame.
        for (int t = 0; t < frames; t++)
            for (int d = 0; d < dims; d++)
                if (features[t * dims + d] == 0)
                    Assert.True(maskedDims.Contains(d) || maskedFrames.Contains(t));
    }

    static void AssertContiguous(int[] indices)
    {
        for (int i = 1; i < indices.Length; i++)
            Assert.Equal(indices[i - 1] + 1, indices[i]);
    }

    [Fact]
    public void SameSeedSameMasks()
    {
        const int frames = 120, dims = 80;
        var options = new SpecAugmentOptions();
        var a = Ones(frames * dims);
        var b = Ones(frames * dims);
        var c = Ones(frames * dims);
        SpecAugment.Apply(a, frames, dims, options, new Generator(42));
        SpecAugment.Apply(b, frames, dims, options, new Generator(42));
        SpecAugment.Apply(c, frames, dims, options, new Generator(43));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Contains(0f, a);
    }

    [Fact]
    public void ZeroWidthsLeaveFeaturesAlone()
    {
        var features = Ones(30 * 8);
        SpecAugment.Apply(features, 30, 8, new SpecAugmentOptions(FrequencyWidth: 0, TimeWidth: 0), new Generator(1));
        Assert.All(features, v => Assert.Equal(1f, v));
        Assert.Throws<ArgumentException>(() => SpecAugment.Apply(features, 31, 8, new SpecAugmentOptions(), new Generator(1)));
    }
}
