using Recur.Nn;
using Recur.Tests.Autograd;

namespace Recur.Tests.Nn.Convolution;

/// <summary>
/// Finite-difference checks of the convolution's input, weight and bias gradients for each kind of geometry, of
/// weight normalisation's gradients in g and v, and of a temporal block's parameters and input; plus the errors
/// bad shapes get and the Conv1d module's PyTorch-style parameters.
/// </summary>
public class Conv1dGradientTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, bool> Configs() => new()
    {
        // in, out, length, kernel, stride, padding, dilation, groups, causal
        { 2, 3, 7, 3, 1, 0, 1, 1, false },
        { 2, 3, 8, 3, 1, 2, 1, 1, false },
        { 2, 2, 9, 3, 2, 1, 1, 1, false },
        { 2, 2, 11, 3, 1, 3, 3, 1, false },
        { 4, 2, 6, 2, 1, 1, 1, 2, false },
        { 3, 3, 7, 3, 1, 0, 2, 3, true },
    };

    [Theory, MemberData(nameof(Configs))]
    public void GradientsMatchFiniteDifferences(int cin, int cout, int length, int kernel, int stride, int padding, int dilation, int groups, bool causal)
    {
        var g = new Generator(5);
        var x = Tensor.Randn(g, 2, cin, length);
        var w = Tensor.Randn(g, cout, cin / groups, kernel);
        var b = Tensor.Randn(g, cout);
        GradientCheck.Assert(t => causal
            ? Functional.CausalConv1d(t[0], t[1], t[2], dilation, stride, groups)
            : Functional.Conv1d(t[0], t[1], t[2], stride, padding, dilation, groups), x, w, b);
    }

    [Fact]
    public void WeightNormGradientsMatchFiniteDifferences()
    {
        var g = new Generator(6);
        GradientCheck.Assert(t => Functional.WeightNorm(t[0], t[1]), Tensor.Randn(g, 3, 2, 2), Tensor.Uniform(g, 0.5f, 1.5f, 3, 1, 1));
    }

    [Fact]
    public void WeightNormGivesEachOutputChannelLengthG()
    {
        var v = Tensor.Randn(new Generator(2), 3, 2, 4);
        var w = Functional.WeightNorm(v, Tensor.FromArray([1f, 2f, 0.5f], 3, 1, 1)).ToArray();
        for (int o = 0; o < 3; o++)
            Assert.Equal(new[] { 1f, 2f, 0.5f }[o], MathF.Sqrt(w.Skip(o * 8).Take(8).Sum(a => a * a)), 5);
    }

    [Fact]
    public void TemporalBlockGradientsMatchFiniteDifferences()
    {
        var block = new TemporalBlock(2, 3, kernelSize: 2, dilation: 2, generator: new Generator(4));
        // Weights of order one, so that ReLUs switch and the residual and both convolutions all matter.
        foreach (var p in block.Parameters()) Init.Normal(p, 0.3f, 0.5f, new Generator((ulong)p.Count));
        var parameters = block.Parameters().ToArray();
        var x = Tensor.Randn(new Generator(8), 2, 2, 6);
        var history1 = Tensor.Randn(new Generator(9), 2, 2, 2);
        var history2 = Tensor.Randn(new Generator(10), 2, 3, 2);
        // The check perturbs the block's own parameter tensors in place, so the closure reads them through the block.
        GradientCheck.Assert(t => block.Forward(t[0], t[1], t[2]).Output, [x, history1, history2, .. parameters], 1e-3, 2e-2, 2e-3);
    }

    [Fact]
    public void ModuleHasPyTorchsParametersAndInitBounds()
    {
        var conv = new Conv1d(4, 6, 3, groups: 2, generator: new Generator(1));
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        Assert.Equal([6, 2, 3], conv.Weight!.Shape.ToArray());
        float bound = 1f / MathF.Sqrt(2 * 3);
        Assert.All(conv.Weight.ToArray(), v => Assert.InRange(v, -bound, bound));
        var normed = new Conv1d(4, 6, 3, weightNorm: true, generator: new Generator(1));
        Assert.Equal(["bias", "weight_g", "weight_v"], normed.NamedParameters().Select(p => p.Name));
        Assert.Equal(normed.WeightV!.ToArray(), normed.EffectiveWeight().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal([1, 6, 8], conv.Forward(Tensor.Zeros(1, 4, 10)).Shape.ToArray());
    }

    [Fact]
    public void BadShapesAreNamed()
    {
        var x = Tensor.Zeros(1, 4, 10);
        Assert.Contains("channels", Assert.Throws<ArgumentException>(() => Functional.Conv1d(x, Tensor.Zeros(2, 3, 3))).Message);
        Assert.Contains("(B, C_in, T)", Assert.Throws<ArgumentException>(() => Functional.Conv1d(Tensor.Zeros(4, 10), Tensor.Zeros(2, 4, 3))).Message);
        Assert.Contains("bias", Assert.Throws<ArgumentException>(() => Functional.Conv1d(x, Tensor.Zeros(2, 4, 3), Tensor.Zeros(3))).Message);
        Assert.Contains("(3, 1, 1)", Assert.Throws<ArgumentException>(() => Functional.WeightNorm(Tensor.Zeros(3, 2, 2), Tensor.Zeros(1, 3, 1))).Message);
        Assert.Contains("shorter than the kernel", Assert.Throws<ArgumentException>(() => Functional.Conv1d(x, Tensor.Zeros(2, 4, 4), dilation: 4)).Message);
    }

    sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float v) => 0;
    }
}
