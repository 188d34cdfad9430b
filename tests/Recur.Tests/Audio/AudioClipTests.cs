using Recur.Audio;

namespace Recur.Tests.Audio;

public class AudioClipTests
{
    static AudioClip Tone(double hz, int rate, double seconds) =>
        new(Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)Math.Sin(2 * Math.PI * hz * i / rate)).ToArray(), rate);

    /// <summary>Frequency from upward zero crossings, skipping the resampler's edges.</summary>
    static double Frequency(AudioClip clip)
    {
        var x = clip.Samples;
        int first = -1, last = -1, crossings = 0;
        for (int i = 200; i < x.Length - 200; i++)
            if (x[i - 1] < 0 && x[i] >= 0)
            {
                if (first < 0) first = i; else crossings++;
                last = i;
            }
        return crossings * (double)clip.SampleRate / (last - first);
    }

    [Theory]
    [InlineData(1.1)]
    [InlineData(0.9)]
    public void SpeedChangeScalesTempoAndPitchAtTheSameRate(double factor)
    {
        var tone = Tone(440, 8000, 1.0);
        var changed = tone.SpeedChanged(factor);
        Assert.Equal(8000, changed.SampleRate);
        Assert.Equal(8000 / factor, changed.Samples.Length, 1.0);
        Assert.Equal(440 * factor, Frequency(changed), 1.0);
        Assert.Same(tone, tone.SpeedChanged(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tone.SpeedChanged(0));
    }
}
