using Recur.LanguageModels;
using Recur.Nn;
using Recur.Optim;

namespace Recur.Tests.LanguageModels;

/// <summary>Weight tying (Press &amp; Wolf 2017) and the row-sparse embedding gradient of SGD runs.</summary>
public class TiedAndSparseLmTests
{
    static readonly int[] Inputs = [1, 4, 2, 7, 3, 3, 0, 5, 6, 2, 1, 1], Targets = [4, 2, 7, 3, 3, 0, 5, 6, 2, 1, 1, 6];

    static void Step(CharLanguageModel model, Optimizer optimizer)
    {
        optimizer.ZeroGrad();
        var (logits, _, _) = model.Forward(Inputs, 4, 3);
        Functional.CrossEntropy(logits, Targets).Backward();
        GradientClipping.ClipGradNorm(optimizer.Parameters, 0.5);
        optimizer.Step();
    }

    [Fact]
    public void ATiedOutputLayerSharesTheEmbeddingOnceForTheOptimiserAndUnderBothNamesInTheStateDict()
    {
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, 8, 6, 6, 1, 0, TieWeights: true), new Generator(1));
        var names = model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Contains("emb.weight", names);
        Assert.DoesNotContain("head.weight", names);
        Assert.Contains("head.bias", names);
        var state = model.StateDict();
        Assert.Same(state["emb.weight"], state["head.weight"]);
        var untied = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, 8, 6, 6, 1, 0), new Generator(1));
        Assert.Equal(untied.ParameterCount - 8 * 6, model.ParameterCount);

        var before = state["emb.weight"].ToArray();
        Step(model, new Adam(model.Parameters(), 0.01));
        Assert.NotEqual(before, model.StateDict()["head.weight"].ToArray());
        Assert.Equal(model.StateDict()["emb.weight"].ToArray(), model.StateDict()["head.weight"].ToArray());

        // A state dict with both names loads back into a tied model.
        var copy = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, 8, 6, 6, 1, 0, TieWeights: true), new Generator(9));
        copy.LoadStateDict(model.StateDict());
        Assert.Equal(model.StateDict()["head.weight"].ToArray(), copy.StateDict()["head.weight"].ToArray());
        Assert.Throws<ArgumentException>(() => new CharLmConfig(CellKind.Lstm, 8, 6, 5, 1, 0, TieWeights: true).Validate());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SgdWithTheSparseEmbeddingGradientGivesTheDenseWeights(bool tied)
    {
        var dense = new CharLanguageModel(new CharLmConfig(CellKind.Gru, 8, 5, 5, 2, 0, tied), new Generator(3));
        var sparse = new CharLanguageModel(new CharLmConfig(CellKind.Gru, 8, 5, 5, 2, 0, tied, SparseEmbedding: true), new Generator(3));
        var (a, b) = (new Sgd(dense.Parameters(), 0.5), new Sgd(sparse.Parameters(), 0.5));
        for (int i = 0; i < 4; i++) { Step(dense, a); Step(sparse, b); }
        // Untied, the same sums in the same order: bit for bit. Tied, the output layer's dense gradient absorbs the
        // sparse rows in another order, so equal to rounding.
        foreach (var (name, tensor) in dense.StateDict())
        {
            var (x, y) = (tensor.ToArray(), sparse.StateDict()[name].ToArray());
            if (!tied) Assert.True(x.AsSpan().SequenceEqual(y), $"{name} differs");
            else for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) <= 1e-6f, $"{name}[{i}]: {x[i]} vs {y[i]}");
        }
    }
}
