using System.Text.Json;
using Recur.LanguageModels;
using Recur.NGram;
using Recur.Tests.Cli;

namespace Recur.Tests.LanguageModels;

public class InterpolationTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    [Fact]
    public void TheTunedWeightMinimisesTheMixturesPerplexity()
    {
        // Model a is right on even tokens, b on odd ones: each alone is poor, the mixture is far better.
        var g = new Generator(1);
        double[] a = new double[400], b = new double[400];
        for (int i = 0; i < a.Length; i++)
        {
            (a[i], b[i]) = i % 2 == 0 ? (Math.Log(0.5), Math.Log(0.01)) : (Math.Log(0.02), Math.Log(0.4));
            a[i] += 0.01 * g.NextNormal();
        }
        var (lambda, perplexity) = LinearInterpolation.Tune(a, b);
        Assert.Equal(LinearInterpolation.Perplexity(a, b, lambda), perplexity, 12);
        for (double l = 0; l <= 1.0001; l += 0.01)
            Assert.True(perplexity <= LinearInterpolation.Perplexity(a, b, Math.Min(l, 1)) + 1e-9, $"λ = {l:F2} beats the tuned {lambda:F4}");
        Assert.True(perplexity < Math.Min(LinearInterpolation.Perplexity(a, b, 0), LinearInterpolation.Perplexity(a, b, 1)) * 0.5);
        // λ = 1 is model a alone: exp of its mean negative log-probability.
        Assert.Equal(Math.Exp(-a.Average()), LinearInterpolation.Perplexity(a, b, 1), 9);
        // When one model is better on every token, the weight goes to it.
        Assert.Equal(1.0, LinearInterpolation.Tune(a.Select(x => x + 5).ToArray(), a).Lambda, 4);
    }

    [Fact]
    public void EvalInterpolatesAWordModelWithAnNGramModelOnTheSameTokens()
    {
        static string Sentences(int count, ulong seed)
        {
            var g = new Generator(seed);
            string[] a = ["the cat", "a dog", "my old friend", "the bird"], b = ["sees", "likes", "eats", "finds"], c = ["fish", "the ball", "bread", "a stick"];
            return string.Concat(Enumerable.Range(0, count).Select(_ => $"{a[g.NextInt(4)]} {b[g.NextInt(4)]} {c[g.NextInt(4)]}\n"));
        }
        string train = fixture.PathOf("mix-train.txt"), valid = fixture.PathOf("mix-valid.txt"), test = fixture.PathOf("mix-test.txt"), dir = fixture.PathOf("mix-model");
        File.WriteAllText(train, Sentences(300, 5));
        File.WriteAllText(valid, Sentences(40, 6));
        File.WriteAllText(test, Sentences(40, 7) + "\nthe zebra eats bread\n");
        var (code, _, err) = LmCliFixture.Run("lm", "train", "--level", "word", "--text", train, "--valid", valid, "--out", dir, "--hidden", "16", "--embedding", "16",
            "--layers", "1", "--batch-size", "4", "--seq-length", "10", "--steps", "60", "--lr", "0.01", "--sample-length", "0");
        Assert.True(code == 0, err);
        var counter = new NGramCounter(2);
        counter.AddText(new StringReader(File.ReadAllText(train)));
        string arpa = fixture.PathOf("mix.arpa");
        ArpaWriter.Write(NGramEstimator.Estimate(counter.ToCounts(), new KneserNeySmoothing([KneserNeyDiscount.Fallback])), arpa);

        (code, var output, err) = LmCliFixture.Run("lm", "eval", "--model", dir, "--text", test, "--ngram", arpa, "--tune-on", valid, "--json");
        Assert.True(code == 0, err);
        var r = JsonDocument.Parse(output).RootElement;
        // The same tokens as ngram eval counts: 41 sentences and the blank line, each word and each </s>.
        var ngramEval = Perplexity.Evaluate(BackoffModel.Load(arpa), new StringReader(File.ReadAllText(test)));
        Assert.Equal(ngramEval.Tokens, r.GetProperty("tokens").GetInt64());
        Assert.Equal(ngramEval.Perplexity, r.GetProperty("ngram_perplexity").GetDouble(), 6);
        Assert.Equal(1, r.GetProperty("oov").GetInt64());
        Assert.Equal(valid, r.GetProperty("tuned_on").GetString());
        double lambda = r.GetProperty("lambda").GetDouble(), mixed = r.GetProperty("perplexity").GetDouble();
        Assert.InRange(lambda, 0, 1);
        Assert.True(mixed <= Math.Max(r.GetProperty("neural_perplexity").GetDouble(), r.GetProperty("ngram_perplexity").GetDouble()));
    }
}
