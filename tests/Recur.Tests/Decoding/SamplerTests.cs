using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class SamplerTests
{
    const int End = 0;
    static readonly float[] P = [0.1f, 0.2f, 0.3f, 0.4f];

    /// <summary>First-token frequencies over many samples of one input, drawn in one batched call.</summary>
    static double[] Frequencies(SamplingOptions options, int samples, ulong seed)
    {
        var model = new TableStepModel(4, (_, _) => P);
        var result = Sampler.Generate(model, TableStepModel.Inputs(1), [End], options with { MaxLength = 1, SamplesPerInput = samples }, new Generator(seed));
        var counts = new double[4];
        foreach (var h in result[0]) counts[h.Tokens.Length == 0 ? End : h.Tokens[0]]++;
        return counts.Select(c => c / samples).ToArray();
    }

    public static TheoryData<string, float[]> Truncations => new()
    {
        { "plain", [0.1f, 0.2f, 0.3f, 0.4f] },
        // top-k 2 keeps 0.3 and 0.4: 3/7, 4/7.
        { "top-k", [0f, 0f, 3f / 7, 4f / 7] },
        // top-p 0.5: 0.4 < 0.5, then 0.7 ≥ 0.5, so the same two.
        { "top-p", [0f, 0f, 3f / 7, 4f / 7] },
        // min-p 0.6 keeps p ≥ 0.6 · 0.4 = 0.24: 0.3 and 0.4 again; min-p 0.45 keeps p ≥ 0.18: 0.2, 0.3, 0.4.
        { "min-p", [0f, 2f / 9, 3f / 9, 4f / 9] },
        // τ = 2 takes square roots of the probabilities before renormalising.
        { "temperature", [0.1581f, 0.2236f, 0.2739f, 0.3162f] },
    };

    static SamplingOptions Options(string name) => name switch
    {
        "top-k" => new(TopK: 2),
        "top-p" => new(TopP: 0.5f),
        "min-p" => new(MinP: 0.45f),
        "temperature" => new(Temperature: 2f),
        _ => new(),
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public void FrequenciesConvergeToTheTruncatedDistribution(string name, float[] expected)
    {
        var sqrt = P.Select(MathF.Sqrt).ToArray();
        if (name == "temperature") expected = sqrt.Select(s => s / sqrt.Sum()).ToArray();
        // 40 000 draws: each frequency's standard deviation is at most √(0.25 / 40 000) = 0.0025; allow five.
        var f = Frequencies(Options(name), 40_000, seed: 5);
        for (int v = 0; v < 4; v++)
        {
            Assert.InRange(f[v], expected[v] - 0.0125, expected[v] + 0.0125);
            if (expected[v] == 0) Assert.Equal(0, f[v]);
        }
    }

    [Fact]
    public void SamplesAreReproducibleForASeedAndDifferAcrossSamples()
    {
        var model = new TableStepModel(6);
        var options = new SamplingOptions(Temperature: 0.9f, TopK: 4) { MaxLength = 6, EndToken = End, SamplesPerInput = 5 };
        string Run(ulong seed) => string.Join("|", Sampler.Generate(model, TableStepModel.Inputs(2), [End, End], options, new Generator(seed))
            .SelectMany(s => s).Select(h => string.Join(",", h.Tokens)));
        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
        var samples = Sampler.Generate(model, TableStepModel.Inputs(2), [End, End], options, new Generator(3));
        Assert.All(samples, s => Assert.Equal(5, s.Length));
        Assert.True(samples[0].Select(h => string.Join(",", h.Tokens)).Distinct().Count() > 1);
        foreach (var (input, s) in samples.Select((s, i) => (i, s)))
            foreach (var h in s)
            {
                double logP = 0;
                for (int j = 0; j < h.Length; j++) logP += model.LogProb(input, h.Tokens[..Math.Min(j, h.Tokens.Length)], j < h.Tokens.Length ? h.Tokens[j] : End);
                Assert.Equal(logP, h.LogProbability, 9);
                Assert.Equal(h.Ended ? h.Tokens.Length + 1 : h.Tokens.Length, h.Length);
            }
    }

    [Fact]
    public void GreedyEqualsAHandWrittenGreedyLoop()
    {
        var model = new TableStepModel(5);
        var result = Sampler.Greedy(model, TableStepModel.Inputs(3), [End, End, End], maxLength: 6, endToken: End);
        for (int n = 0; n < 3; n++)
        {
            var prefix = new List<int>();
            while (prefix.Count < 6)
            {
                var p = TableStepModel.Seeded(5, n, [.. prefix]);
                int best = Array.IndexOf(p, p.Max());
                if (best == End) break;
                prefix.Add(best);
            }
            Assert.Equal(prefix, result[n].Tokens);
        }
    }

    [Fact]
    public void MinimumLengthHoldsBackTheEndToken()
    {
        // The end token is the most likely everywhere; a minimum of 3 delays it to the fourth step.
        var model = new TableStepModel(3, (_, _) => [0.8f, 0.15f, 0.05f]);
        var h = Sampler.Greedy(model, TableStepModel.Inputs(1), [End], maxLength: 10, endToken: End)[0];
        Assert.Empty(h.Tokens);
        var delayed = Sampler.Generate(model, TableStepModel.Inputs(1), [End], new SamplingOptions(Greedy: true) { MaxLength = 10, EndToken = End, MinLength = 3 }, null)[0][0];
        Assert.Equal([1, 1, 1], delayed.Tokens);
        Assert.True(delayed.Ended);
        Assert.Equal(4, delayed.Length);
    }
}
