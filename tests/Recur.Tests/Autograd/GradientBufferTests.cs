namespace Recur.Tests.Autograd;

/// <summary>
/// Gradient buffers adopted, handed on and recycled by the engine: results must equal the definitions, and a
/// gradient anyone can still see (a leaf's, a retained one) must never be reused by a later backward pass.
/// </summary>
public class GradientBufferTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1f, 1f, shape);

    /// <summary>A chain of small ops like the step benchmark's, to churn the buffer pool.</summary>
    static void Churn(int seed)
    {
        var y = R(seed, 32, 64).RequireGrad();
        for (int i = 0; i < 20; i++) y = (y * R(seed + i, 64) + 0.1f).Tanh();
        y.Sum().Backward();
    }

    [Fact]
    public void SharedSubexpressionsGetEveryContribution()
    {
        var x = R(1, 16, 32).RequireGrad();
        var y = x.Tanh();
        (y * y + y + y).Sum().Backward();         // d/dx = (2y + 2)(1 − y²)
        var expected = y.ToArray().Select(v => (2 * v + 2) * (1 - v * v)).ToArray();
        Assert.Equal(expected, x.Grad!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void LeafAndRetainedGradientsSurviveLaterBackwardPasses()
    {
        var w = R(2, 64).RequireGrad();
        var x = R(3, 32, 64).RequireGrad();
        var h = (x * w).RetainGrad();
        (h.Tanh() + h).Sum().Backward();
        var wGrad = w.Grad!.ToArray();
        var hGrad = h.Grad!.ToArray();
        var xGrad = x.Grad!.ToArray();
        for (int i = 0; i < 5; i++) Churn(10 + i);
        Assert.Equal(wGrad, w.Grad!.ToArray());
        Assert.Equal(hGrad, h.Grad!.ToArray());
        Assert.Equal(xGrad, x.Grad!.ToArray());
    }

    [Fact]
    public void RepeatedStepsGiveTheSameGradients()
    {
        float[] Step()
        {
            var w = R(4, 64).RequireGrad();
            var y = R(5, 32, 64);
            for (int i = 0; i < 10; i++) y = (y * w + 0.5f).Tanh();
            y.Sum().Backward();
            return w.Grad!.ToArray();
        }
        var first = Step();
        Churn(30);
        Assert.Equal(first, Step());
    }
}
