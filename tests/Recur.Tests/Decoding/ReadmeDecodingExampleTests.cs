using Recur.Decoding;
using Recur.LanguageModels;

namespace Recur.Tests.Decoding;

/// <summary>The README's decoding example, run as written with a small untrained character model.</summary>
public class ReadmeDecodingExampleTests
{
    [Fact]
    public void DecodingExampleRuns()
    {
        var vocabulary = CharVocabulary.FromText("ab(c)\n");
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, vocabulary.Count, 8, 16, 1, 0f), new Generator(3));
        model.Eval();
        int newline = vocabulary.Encode("\n")[0];

        var step = new CharLmStepModel(model);
        using var noGrad = Tensor.NoGrad();
        var start = model.ZeroState(batch: 2);
        int[] first = vocabulary.Encode("\n(");

        var best = BeamSearch.Decode(step, start, first, new BeamSearchOptions
        {
            EndToken = newline, BeamSize = 5, NBest = 3, MinLength = 1, MaxLengthA = 0, MaxLengthB = 40,
            LengthNormalization = LengthNormalization.Gnmt(0.6), NoRepeatNGramSize = 3,
        });

        var samples = Sampler.Generate(step, start, first,
            new SamplingOptions(Temperature: 0.8f, TopP: 0.95f, MinP: 0.05f) { MaxLength = 200, EndToken = newline, SamplesPerInput = 4 },
            new Generator(seed: 1));

        Assert.Equal(2, best.Length);
        Assert.All(best, b => Assert.Equal(3, b.Length));
        Assert.All(best, b => Assert.True(b[0].Score >= b[1].Score && b[1].Score >= b[2].Score));
        Assert.All(best.SelectMany(b => b), h => Assert.InRange(h.Tokens.Length, 1, 40));
        Assert.Equal(2, samples.Length);
        Assert.All(samples, s => Assert.Equal(4, s.Length));
        Assert.All(samples.SelectMany(s => s), h => Assert.DoesNotContain(newline, h.Tokens));
    }
}
