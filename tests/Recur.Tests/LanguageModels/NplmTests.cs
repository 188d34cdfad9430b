using Recur.LanguageModels;
using Recur.Nn;
using Recur.Tests.Autograd;
using Recur.Training;

namespace Recur.Tests.LanguageModels;

/// <summary>
/// Bengio et al.'s NPLM as a language model (<c>--cell nplm</c>): its logits are eq. 1 computed by hand, its
/// gradients match finite differences, and it learns a small grammar through the shared trainer.
/// </summary>
public class NplmTests
{
    /// <summary>Sentences of a tiny grammar: subject verb object, so the previous two words predict the next well.</summary>
    static string Sentences(int count, ulong seed)
    {
        var g = new Generator(seed);
        string[] subjects = ["the cat", "a dog", "my friend", "the bird"], verbs = ["sees", "likes", "eats", "finds"], objects = ["fish", "the ball", "bread", "a stick"];
        return string.Concat(Enumerable.Range(0, count).Select(_ => $"{subjects[g.NextInt(4)]} {verbs[g.NextInt(4)]} {objects[g.NextInt(4)]}\n"));
    }

    static CharLanguageModel Model(bool direct) =>
        new(new CharLmConfig(CellKind.Nplm, VocabularySize: 7, EmbeddingSize: 3, HiddenSize: 4, Layers: 1, Dropout: 0f, Context: 3, DirectConnections: direct), new Generator(4));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LogitsAreEquationOneOverTheLastWords(bool direct)
    {
        // y = b + W·x + U·tanh(d + H·x), x the embeddings of the n − 1 = 3 previous words, oldest first, zeros before
        // the start; computed from the weights with plain loops, over two chunks with the state carried between.
        var model = Model(direct);
        model.Eval();
        var w = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        int[] words = [1, 4, 2, 6, 0, 3, 5, 2];
        using var _ = Tensor.NoGrad();
        var (first, _, state) = model.Forward(words.AsSpan(0, 2), 2, 1);
        var (second, _, _) = model.Forward(words.AsSpan(2), 6, 1, state);
        var logits = first.ToArray().Concat(second.ToArray()).ToArray();
        const int V = 7, m = 3, h = 4, n1 = 3;
        int features = h + (direct ? n1 * m : 0);
        for (int t = 0; t < words.Length; t++)
        {
            var x = new double[n1 * m];
            for (int j = 0; j < n1; j++)
            {
                int position = t - n1 + 1 + j;
                if (position >= 0)
                    for (int i = 0; i < m; i++) x[j * m + i] = w["emb.weight"][words[position] * m + i];
            }
            var a = new double[h];
            for (int k = 0; k < h; k++)
            {
                double sum = w["nplm.hidden.0.bias"][k];
                for (int i = 0; i < x.Length; i++) sum += w["nplm.hidden.0.weight"][k * x.Length + i] * x[i];
                a[k] = Math.Tanh(sum);
            }
            for (int v = 0; v < V; v++)
            {
                double y = w["head.bias"][v];
                for (int k = 0; k < h; k++) y += w["head.weight"][v * features + k] * a[k];                    // U
                if (direct) for (int i = 0; i < x.Length; i++) y += w["head.weight"][v * features + h + i] * x[i]; // W
                Assert.Equal(y, logits[t * V + v], 1e-5);
            }
        }
    }

    [Fact]
    public void GradientsOfTheWholeModelMatchFiniteDifferences()
    {
        var model = Model(direct: true);
        int[] inputs = [1, 2, 3, 4, 5, 6], targets = [2, 3, 4, 5, 6, 0];  // (T 3, B 2)
        var parameters = model.Parameters().ToArray();
        GradientCheck.Assert(_ => Functional.CrossEntropy(model.Forward(inputs, 3, 2).Logits, targets), parameters);
        Assert.Equal(["emb.weight", "nplm.hidden.0.weight", "nplm.hidden.0.bias", "head.weight", "head.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(7 * (4 + 3 * 3), model.StateDict()["head.weight"].Shape.ToArray().Aggregate(1, (p, d) => p * d));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LearnsTheGrammarFarBelowTheUniformPerplexity(bool direct)
    {
        var settings = new LmSettings
        {
            Level = LmLevel.Word, Cell = CellKind.Nplm, Context = 2, Direct = direct, Layers = 1, Hidden = 16, Embedding = 8,
            SeqLength = 10, BatchSize = 8, LearningRate = 0.01, Epochs = 8, EvalEvery = 1_000_000, Seed = 7,
        };
        var run = LmTraining.Create(settings, Sentences(300, 1), Sentences(40, 2), directory: null);
        var result = run.Run();
        double perplexity = result.LastMetrics!["perplexity"];
        // 19 word types with </s>; after two words of context at most 4 continuations are possible (and one after an object's first word).
        Assert.True(perplexity < 4.5, $"validation perplexity {perplexity:F2}");
        Assert.Equal(8, result.Epoch);
    }

    [Fact]
    public void ContextAndDirectConnectionsBelongToTheNplm()
    {
        var text = Sentences(200, 1);
        var lstm = new LmSettings { Level = LmLevel.Word, Cell = CellKind.Lstm, Context = 3, Steps = 1 };
        Assert.Contains("--context", Assert.Throws<TrainingSetupException>(() => LmTraining.Create(lstm, text, null, null)).Message);
        var tied = new LmSettings { Level = LmLevel.Word, Cell = CellKind.Nplm, Direct = true, Tie = true, Hidden = 8, Embedding = 8, Steps = 1 };
        Assert.Contains("--direct", Assert.Throws<TrainingSetupException>(() => LmTraining.Create(tied, text, null, null)).Message);
        Assert.Equal("nplm 1×8 reading 4 tokens, direct connections, embedding 8", (tied with { Tie = false, Layers = 1 }).ModelSummary);
    }
}
