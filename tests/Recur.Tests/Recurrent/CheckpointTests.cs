using Recur.Nn;
using Recur.Tests.Autograd;

namespace Recur.Tests.Recurrent;

/// <summary>Tensor.Checkpoint and checkpointed recurrent layers: same values, same gradients, less kept.</summary>
public class CheckpointTests
{
    static Tensor Rand(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1, 1, shape);

    // Two outputs of different shapes, one reading a leaf captured from outside (w), as parameters are.
    static readonly Tensor W = Rand(1, 3).RequireGrad();
    static Tensor[] TwoOutputs(Tensor[] a) => [(a[0] * a[1] + W).Tanh(), a[0].Sum(0) * a[1].Sigmoid().Sum(0)];

    [Fact]
    public void CheckpointGradientsMatchFiniteDifferences()
    {
        GradientCheck.Assert(a =>
        {
            var r = Tensor.Checkpoint(TwoOutputs, a[0], a[1]);
            return Tensor.Concat([r[0].Reshape(-1), r[1]], 0);
        }, Rand(2, 2, 3), Rand(3, 2, 3));
    }

    [Fact]
    public void CheckpointGivesTheSameValuesAndGradientsAsTheDirectGraph()
    {
        W.Grad = null; // W is shared with the finite-difference test
        var (x, y) = (Rand(4, 2, 3).RequireGrad(), Rand(5, 2, 3).RequireGrad());
        var seed0 = Rand(6, 2, 3);
        var direct = TwoOutputs([x, y]);
        (direct[0] * seed0).Sum().Backward(); // only the first output reaches the loss
        var (dx, dy, dw) = (x.Grad!.ToArray(), y.Grad!.ToArray(), W.Grad!.ToArray());
        foreach (var t in new[] { x, y, W }) t.Grad = null;

        var kept = Tensor.Checkpoint(TwoOutputs, x, y);
        Assert.Equal(direct[0].ToArray(), kept[0].ToArray());
        Assert.Equal(direct[1].ToArray(), kept[1].ToArray());
        Assert.Equal("ViewBackward", kept[0].GradFnName);
        (kept[0] * seed0).Sum().Backward();
        Assert.Equal(dx, x.Grad!.ToArray());
        Assert.Equal(dy, y.Grad!.ToArray());
        Assert.Equal(dw, W.Grad!.ToArray());
        W.Grad = null;
    }

    [Fact]
    public void CheckpointWithoutGradientsRecordsNothing()
    {
        var r = Tensor.Checkpoint(a => [a[0] * 2f], Rand(7, 3));
        Assert.True(r[0].IsLeaf);
        Assert.Equal(Rand(7, 3).ToArray().Select(v => v * 2f), r[0].ToArray());
    }

    public static TheoryData<string> Kinds => new() { "lstm", "gru", "rnn", "ln-lstm" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void CheckpointedLayersGiveTheSameGradients(string kind)
    {
        // Chunks of 2 over T = 7 (an uneven last chunk), both directions, two layers, lengths that end mid-chunk.
        Module Make(int every)
        {
            var options = new RecurrentOptions { CheckpointEvery = every };
            var g = new Generator(8);
            return kind switch
            {
                "lstm" => new Lstm(3, 4, numLayers: 2, bidirectional: true, projSize: 2, generator: g, options: options),
                "gru" => new Gru(3, 4, numLayers: 2, bidirectional: true, generator: g, options: options),
                "rnn" => new Rnn(3, 4, numLayers: 2, bidirectional: true, generator: g, options: options),
                _ => new CellNetwork(3, 2, (l, i) => new LayerNormLstmCell(i, 4, generator: g), bidirectional: true, options: options),
            };
        }
        (Tensor Output, float[][] Grads) Run(Module net)
        {
            var x = Rand(9, 7, 3, 3).RequireGrad();
            var (y, s) = net switch
            {
                RecurrentNetwork r => r.Forward(x, null, [7, 3, 6]),
                CellNetwork c => c.Forward(x, null, [7, 3, 6]),
                _ => throw new InvalidOperationException(),
            };
            ((y * Rand(10, y.Shape.ToArray())).Sum() + s.H.Sum()).Backward();
            return (y, [x.Grad!.ToArray(), .. net.Parameters().Select(p => p.Grad!.ToArray())]);
        }
        var (whole, wholeGrads) = Run(Make(0));
        var (chunked, chunkedGrads) = Run(Make(2));
        Assert.Equal(whole.ToArray(), chunked.ToArray());
        for (int i = 0; i < wholeGrads.Length; i++)
            for (int j = 0; j < wholeGrads[i].Length; j++)
                Assert.True(Math.Abs(wholeGrads[i][j] - chunkedGrads[i][j]) <= 1e-6, $"gradient {i}[{j}]: {wholeGrads[i][j]} vs {chunkedGrads[i][j]}");
    }
}
