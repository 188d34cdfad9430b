using Recur.Nn;
using Recur.Optim;

namespace Recur.Tests.Optim;

/// <summary>
/// Row-sparse embedding gradients: the same weights as the dense path (SGD and Adagrad exactly), PyTorch's
/// SparseAdam and sparse Adagrad step by step (tools/make_sparse_fixtures.py), and the dense fallbacks.
/// </summary>
public class SparseGradientTests
{
    const int V = 40, E = 8;

    static readonly int[][] Batches = [[3, 1, 3, 7, 39], [0, 10, 10], [3, 5, 5, 5], [1, 7, 2, 20, 21, 22]];

    /// <summary>Runs steps of a small model (embedding → tanh → weighted sum) and returns the final table.</summary>
    static float[] Train(bool sparse, Func<Tensor[], Optimizer> makeOptimizer, int steps = 12)
    {
        var embedding = new Embedding(V, E, sparse, new Generator(5));
        var optimizer = makeOptimizer([embedding.Weight]);
        for (int step = 0; step < steps; step++)
        {
            var ids = Batches[step % Batches.Length];
            optimizer.ZeroGrad();
            var x = embedding.Forward(ids, ids.Length);                                  // (N, E)
            var w = Tensor.Uniform(new Generator((ulong)(100 + step)), -1f, 1f, ids.Length, E);
            (x.Tanh() * w).Sum().Backward();
            Assert.Equal(sparse, embedding.Weight.SparseGrad is not null);
            optimizer.Step();
        }
        return embedding.Weight.ToArray();
    }

    [Fact]
    public void SgdSparseAndDenseGiveTheSameWeightsExactly() =>
        Assert.Equal(Train(false, p => new Sgd(p, 0.5)), Train(true, p => new Sgd(p, 0.5)));

    [Fact]
    public void AdagradSparseAndDenseGiveTheSameWeightsExactly() =>
        Assert.Equal(Train(false, p => new Adagrad(p, 0.3, learningRateDecay: 0.1, initialAccumulatorValue: 0.05)),
            Train(true, p => new Adagrad(p, 0.3, learningRateDecay: 0.1, initialAccumulatorValue: 0.05)));

    [Fact]
    public void MomentumFallsBackToTheDenseRuleWithTheSameResult() =>
        Assert.Equal(Train(false, p => new Sgd(p, 0.1, momentum: 0.9, weightDecay: 0.01)),
            Train(true, p => new Sgd(p, 0.1, momentum: 0.9, weightDecay: 0.01)));

    [Fact]
    public void DenseAdamDensifiesASparseGradient() =>
        Assert.Equal(Train(false, p => new Adam(p, 0.05)), Train(true, p => new Adam(p, 0.05)));

    [Fact]
    public void SparseAdamLeavesAbsentRowsAndTheirMomentsAlone()
    {
        var embedding = new Embedding(V, E, sparse: true, new Generator(5));
        var before = embedding.Weight.ToArray();
        var optimizer = new SparseAdam([embedding.Weight], 0.1);
        embedding.Forward([4, 4, 9], 3).Sum().Backward();
        optimizer.Step();
        var after = embedding.Weight.ToArray();
        var state = optimizer.StateDict();
        for (int row = 0; row < V; row++)
        {
            bool touched = row is 4 or 9;
            for (int j = 0; j < E; j++)
            {
                Assert.Equal(touched, before[row * E + j] != after[row * E + j]);
                Assert.Equal(touched, state["state.0.exp_avg"].ToArray()[row * E + j] != 0f);
            }
        }
    }

    [Theory]
    [InlineData("sparse_adam")]
    [InlineData("adagrad")]
    public void MatchesPyTorchSparseSteps(string name)
    {
        var f = OptimFixtures.Load("sparse");
        var initial = f.Tensors["initial"];
        var table = Tensor.FromArray(initial.ToArray(), initial.Shape.ToArray()).RequireGrad();
        Optimizer optimizer = name == "sparse_adam"
            ? new SparseAdam([table], f.Number("sparse_adam.lr"), f.Number("sparse_adam.beta1"), f.Number("sparse_adam.beta2"), f.Number("sparse_adam.eps"))
            : new Adagrad([table], f.Number("adagrad.lr"), f.Number("adagrad.lr_decay"), initialAccumulatorValue: f.Number("adagrad.initial_accumulator_value"), epsilon: f.Number("adagrad.eps"));
        int steps = (int)f.Number("steps");
        for (int step = 0; step < steps; step++)
        {
            var ids = f.Tensors[$"ids.{step}"].ToArray().Select(v => (int)v).ToArray();
            optimizer.ZeroGrad();
            Functional.Embedding(table, ids, [ids.Length], sparse: true).Backward(f.Tensors[$"seed.{step}"]);
            optimizer.Step();
            OptimFixtures.AssertClose(f.Tensors[$"{name}.weight.{step}"].AsSpan(), table.AsSpan(), $"{name} step {step}");
        }
    }

    [Fact]
    public void ADenseGradientOnTheSameTableAbsorbsTheSparseOne()
    {
        // A tied table: looked up sparsely and also used densely; the result equals the all-dense gradient.
        Tensor Gradient(bool sparse)
        {
            var table = Tensor.Uniform(new Generator(3), -1f, 1f, 6, 4).RequireGrad();
            var rows = Functional.Embedding(table, [1, 1, 4], [3], sparse);
            (rows.Sum() + (table * table).Sum()).Backward();
            Assert.Null(table.SparseGrad);
            return table.Grad!;
        }
        Assert.Equal(Gradient(false).ToArray(), Gradient(true).ToArray());
    }

    [Fact]
    public void ClippingCountsSparseRowsAsTheirDenseForm()
    {
        (double Norm, float[] Table) Clip(bool sparse)
        {
            var embedding = new Embedding(V, E, sparse, new Generator(8));
            (embedding.Forward([2, 2, 5], 3) * 3f).Sum().Backward();
            double norm = GradientClipping.ClipGradNorm([embedding.Weight], 1.0);
            new Sgd([embedding.Weight], 1.0).Step();
            return (norm, embedding.Weight.ToArray());
        }
        var dense = Clip(false);
        var sparse = Clip(true);
        Assert.Equal(dense.Norm, sparse.Norm, 6);
        Assert.Equal(dense.Table, sparse.Table, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void ZeroGradEmptiesTheSparseGradient()
    {
        var embedding = new Embedding(V, E, sparse: true, new Generator(1));
        embedding.Forward([1, 2], 2).Sum().Backward();
        Assert.Equal(2, embedding.Weight.SparseGrad!.Count);
        embedding.Weight.ZeroGrad();
        Assert.Equal(0, embedding.Weight.SparseGrad!.Count);
    }
}
