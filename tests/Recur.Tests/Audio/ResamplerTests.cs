using Recur.Audio;

namespace Recur.Tests.Audio;

public class ResamplerTests
{
    public static TheoryData<string> Cases => new(["resample_8000_16000", "resample_22050_16000", "resample_16000_8000"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTorchaudio(string name)
    {
        var p = AudioFixture.Parameters(name);
        var actual = Resampler.Resample(AudioFixture.Input(name), p.GetProperty("orig_freq").GetInt32(), p.GetProperty("new_freq").GetInt32());
        var expected = AudioFixture.Output(name);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{name}[{i}]: {actual[i]} vs torchaudio {expected[i]}");
    }

    [Fact]
    public void SameRateReturnsTheClipItself()
    {
        var clip = new AudioClip([0.1f, -0.2f, 0.3f], 16000);
        Assert.Same(clip, clip.ResampledTo(16000));
        var up = clip.ResampledTo(32000);
        Assert.Equal(32000, up.SampleRate);
        Assert.Equal(6, up.Samples.Length);
        Assert.Equal(clip.Seconds, up.Seconds, 12);
    }

    [Fact]
    public void KeepsALowToneAndItsLength()
    {
        // A 440 Hz tone survives 16 kHz → 11025 Hz (gcd 25: 640 → 441) with its amplitude, away from the edges.
        var x = new float[1600];
        for (int i = 0; i < x.Length; i++)
            x[i] = (float)Math.Sin(2 * Math.PI * 440 * i / 16000);
        var y = Resampler.Resample(x, 16000, 11025);
        Assert.Equal((int)Math.Ceiling(1600 * 441 / 640.0), y.Length);
        for (int i = 100; i < y.Length - 100; i++)
            Assert.Equal(Math.Sin(2 * Math.PI * 440 * i / 11025), y[i], 2e-3);
    }
}
