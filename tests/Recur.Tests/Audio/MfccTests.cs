using Recur.Audio;

namespace Recur.Tests.Audio;

public class MfccTests
{
    public static TheoryData<string> Cases => new(["mfcc_default", "mfcc_log13", "mfcc_8k"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTorchaudio(string name)
    {
        var p = AudioFixture.Parameters(name);
        var options = new MfccOptions { SampleRate = p.GetProperty("sample_rate").GetInt32() };
        if (p.TryGetProperty("n_mfcc", out var n))
            options = options with { NMfcc = n.GetInt32() };
        if (p.TryGetProperty("log_mels", out var log))
            options = options with { LogMels = log.GetBoolean() };
        if (p.TryGetProperty("melkwargs", out var kw))
            options = options with { Mel = AudioFixture.MelOptions(kw) };
        var mfcc = new Mfcc(options);
        var actual = mfcc.Compute(AudioFixture.Input(name));
        // Cepstra are sums of ±values of log size ~10–100, so the error floor is absolute, set by the largest coefficient.
        AudioFixture.AssertClose(AudioFixture.Output(name), actual, 1e-4, 2e-5, name);
    }

    [Fact]
    public void DctMatrixIsOrthonormal()
    {
        const int m = 24;
        var dct = Mfcc.DctMatrix(m, m, ortho: true); // (M × M), columns are basis vectors
        for (int a = 0; a < m; a++)
            for (int b = 0; b < m; b++)
            {
                double dot = 0;
                for (int i = 0; i < m; i++)
                    dot += dct[i * m + a] * dct[i * m + b];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-5);
            }
    }

    [Fact]
    public void RejectsMoreCoefficientsThanMels()
    {
        var e = Assert.Throws<ArgumentException>(() => new Mfcc(new MfccOptions { NMfcc = 50, Mel = new MelSpectrogramOptions { NMels = 40 } }));
        Assert.Contains("NMfcc", e.Message);
    }
}
