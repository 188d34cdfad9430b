using Recur.Audio;

namespace Recur.Tests.Audio;

public class MelSpectrogramTests
{
    public static TheoryData<string> Cases => new(["mel_default", "mel_512_htk", "mel_slaney", "mel_power1", "mel_nocenter", "mel_window"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTorchaudio(string name)
    {
        var options = AudioFixture.MelOptions(AudioFixture.Parameters(name));
        var mel = new MelSpectrogram(options);
        var input = AudioFixture.Input(name);
        var actual = mel.Compute(input);
        var expected = AudioFixture.Output(name);
        Assert.Equal(expected.Length / options.NMels, mel.Frames(input.Length));
        AudioFixture.AssertClose(expected, actual, 1e-4, 1e-7, name);
    }

    [Fact]
    public void LogIsNaturalLogOfMelPlusOffset()
    {
        var mel = new MelSpectrogram(new MelSpectrogramOptions { NMels = 40 });
        var input = AudioFixture.Input("mel_default");
        var linear = mel.Compute(input);
        var log = mel.ComputeLog(input);
        for (int i = 0; i < linear.Length; i++)
            Assert.Equal(Math.Log(linear[i] + 1e-6), log[i], 1e-5);
    }

    public static TheoryData<int, int, int, bool, double> DftSizes => new()
    {
        { 5, 5, 2, true, 2.0 },
        { 17, 13, 3, true, 1.0 },
        { 17, 17, 5, false, 1.5 },
        { 400, 400, 160, true, 2.0 },
        { 400, 321, 97, false, 2.0 },
        { 512, 512, 160, true, 1.0 },
    };

    /// <summary>The GEMM real DFT against a naive double-precision DFT of explicitly windowed frames.</summary>
    [Theory]
    [MemberData(nameof(DftSizes))]
    public void SpectrogramMatchesNaiveDft(int nFft, int winLength, int hop, bool center, double power)
    {
        var generator = new Generator((ulong)(nFft * 1000 + winLength));
        var samples = new float[3 * nFft + 7];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (float)(generator.NextDouble() * 2 - 1);
        var options = new MelSpectrogramOptions { NFft = nFft, WinLength = winLength, HopLength = hop, Center = center, Power = power, NMels = 4 };
        var mel = new MelSpectrogram(options);
        var fast = mel.ComputeSpectrogram(samples);
        var naive = NaiveSpectrogram(samples, nFft, winLength, hop, center, power);
        AudioFixture.AssertClose(naive, fast, 1e-4, 1e-6, $"n_fft {nFft}");

        // The mel output is the spectrogram times the filterbank.
        var mels = mel.Compute(samples);
        int bins = nFft / 2 + 1, frames = fast.Length / bins;
        var filterbank = mel.Filterbank.ToArray();
        var expected = new float[frames * 4];
        for (int t = 0; t < frames; t++)
            for (int m = 0; m < 4; m++)
            {
                double sum = 0;
                for (int k = 0; k < bins; k++)
                    sum += naive[t * bins + k] * filterbank[k * 4 + m];
                expected[t * 4 + m] = (float)sum;
            }
        AudioFixture.AssertClose(expected, mels, 1e-4, 1e-6, $"mels at n_fft {nFft}");
    }

    static float[] NaiveSpectrogram(float[] x, int nFft, int winLength, int hop, bool center, double power)
    {
        int half = center ? nFft / 2 : 0;
        // Reflect padding: x[-i] = x[i], x[n − 1 + i] = x[n − 1 − i].
        double At(int i) => i < 0 ? x[-i] : i >= x.Length ? x[2 * (x.Length - 1) - i] : x[i];
        int length = x.Length + 2 * half, frames = 1 + (length - nFft) / hop, bins = nFft / 2 + 1;
        int left = (nFft - winLength) / 2;
        var result = new float[frames * bins];
        for (int t = 0; t < frames; t++)
            for (int k = 0; k < bins; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < nFft; n++)
                {
                    double w = n >= left && n < left + winLength ? 0.5 - 0.5 * Math.Cos(2 * Math.PI * (n - left) / winLength) : 0;
                    double v = w * At(t * hop + n - half);
                    re += v * Math.Cos(2 * Math.PI * k * n / nFft);
                    im -= v * Math.Sin(2 * Math.PI * k * n / nFft);
                }
                result[t * bins + k] = (float)Math.Pow(re * re + im * im, power / 2);
            }
        return result;
    }

    [Fact]
    public void FramesFollowTorchStft()
    {
        var centred = new MelSpectrogram(new MelSpectrogramOptions());
        Assert.Equal(1 + 16000 / 200, centred.Frames(16000));
        var plain = new MelSpectrogram(new MelSpectrogramOptions { Center = false, HopLength = 160 });
        Assert.Equal(1 + (16000 - 400) / 160, plain.Frames(16000));
        Assert.Equal(0, plain.Frames(399));
        Assert.Empty(plain.Compute(new float[399]));
    }

    [Fact]
    public void BadOptionsNameTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => new MelSpectrogram(new MelSpectrogramOptions { MelScale = "bark" }));
        Assert.Contains("MelScale", e.Message);
        e = Assert.Throws<ArgumentException>(() => new MelSpectrogram(new MelSpectrogramOptions { WinLength = 500 }));
        Assert.Contains("WinLength", e.Message);
        var mel = new MelSpectrogram(new MelSpectrogramOptions());
        e = Assert.Throws<ArgumentException>(() => mel.Compute(new float[1000], new float[10]));
        Assert.Contains("destination", e.Message);
    }
}
