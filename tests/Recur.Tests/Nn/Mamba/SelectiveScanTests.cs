using Recur.Nn;
using Recur.Tests.Autograd;

namespace Recur.Tests.Nn.Mamba;

/// <summary>
/// <see cref="Functional.SelectiveScan"/> as a graph node: finite-difference checks of every input's gradient (with
/// every optional input, and with none), chunks carried through the last state equal one pass, and shape errors
/// name the operand.
/// </summary>
public class SelectiveScanTests
{
    const int T = 6, B = 2, D = 3, N = 2;

    static Tensor Rand(Generator g, float low, float high, params int[] shape) => Tensor.Uniform(g, low, high, shape);

    [Fact]
    public void GradientsOfEveryInputMatchFiniteDifferences()
    {
        var g = new Generator(5);
        Tensor[] inputs =
        [
            Rand(g, -1, 1, T, B, D), Rand(g, -2, 1, T, B, D), Rand(g, -1.5f, -0.2f, D, N), Rand(g, -1, 1, T, B, N), Rand(g, -1, 1, T, B, N),
            Rand(g, -1, 1, D), Rand(g, -2, 2, T, B, D), Rand(g, -0.5f, 0.5f, D), Rand(g, -1, 1, B, D, N),
        ];
        GradientCheck.Assert(x =>
        {
            var (y, last) = Functional.SelectiveScan(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], deltaSoftplus: true, initialState: x[8]);
            return Tensor.Concat([y.Reshape(T * B * D), last.Reshape(B * D * N)]);
        }, inputs);
    }

    [Fact]
    public void GradientsWithoutOptionalInputsMatchFiniteDifferences()
    {
        var g = new Generator(6);
        Tensor[] inputs = [Rand(g, -1, 1, T, B, D), Rand(g, 0.05f, 0.8f, T, B, D), Rand(g, -1.5f, 0.3f, D, N), Rand(g, -1, 1, T, B, N), Rand(g, -1, 1, T, B, N)];
        GradientCheck.Assert(x => Functional.SelectiveScan(x[0], x[1], x[2], x[3], x[4]).Output, inputs);
    }

    [Fact]
    public void ChunksCarriedThroughTheLastStateEqualOnePass()
    {
        var g = new Generator(7);
        int t = 40, split = 17;
        var u = Rand(g, -1, 1, t, B, D); var delta = Rand(g, -2, 1, t, B, D); var a = Rand(g, -1, -0.1f, D, N);
        var bm = Rand(g, -1, 1, t, B, N); var cm = Rand(g, -1, 1, t, B, N); var skip = Rand(g, -1, 1, D); var z = Rand(g, -1, 1, t, B, D);
        Tensor Part(Tensor x, int start, int length) => x.Narrow(0, start, length).Contiguous();
        var (whole, wholeLast) = Functional.SelectiveScan(u, delta, a, bm, cm, skip, z, deltaSoftplus: true);
        var (first, state) = Functional.SelectiveScan(Part(u, 0, split), Part(delta, 0, split), a, Part(bm, 0, split), Part(cm, 0, split), skip, Part(z, 0, split), deltaSoftplus: true);
        var (second, last) = Functional.SelectiveScan(Part(u, split, t - split), Part(delta, split, t - split), a, Part(bm, split, t - split),
            Part(cm, split, t - split), skip, Part(z, split, t - split), deltaSoftplus: true, initialState: state);
        var expected = whole.ToArray();
        var actual = first.ToArray().Concat(second.ToArray()).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
        Assert.Equal(wholeLast.ToArray(), last.ToArray());
    }

    [Fact]
    public void WrongShapeNamesTheOperand()
    {
        var ex = Assert.Throws<ArgumentException>(() => Functional.SelectiveScan(Tensor.Zeros(T, B, D), Tensor.Zeros(T, B, D), Tensor.Zeros(D, N),
            Tensor.Zeros(T, B, N + 1), Tensor.Zeros(T, B, N)));
        Assert.Contains("B must have shape (6, 2, 2)", ex.Message);
    }
}
