using Recur.Kernels.Convolution;
using Recur.Nn;
using Recur.Tests.Autograd;

namespace Recur.Tests.Nn.StateSpace;

/// <summary>
/// Finite-difference checks of S4D's ops (the kernel generator, the state readout, the long convolution on both paths,
/// GELU) and of a whole layer's parameters and input, at small sizes and float32 noise levels.
/// </summary>
public class S4dGradientTests
{
    /// <summary>Parameters near S4D's init but generic (distinct modes, dt large enough for the kernel to vary).</summary>
    static Tensor[] Parameters(Generator g, int channels, int modes) =>
    [
        Tensor.Uniform(g, -3f, -1f, channels),                                      // log_dt
        Tensor.Randn(g, channels, modes, 2),                                         // C
        Tensor.Uniform(g, -1.2f, -0.3f, channels, modes),                            // log_A_real
        Tensor.Uniform(g, 0f, 4f, channels, modes),                                  // A_imag
    ];

    [Fact]
    public void KernelGeneratorGradients()
    {
        var p = Parameters(new Generator(3), 2, 3);
        GradientCheck.Assert(x => Functional.S4dKernel(x[0], x[1], x[2], x[3], 11), [.. p], 1e-3, 2e-2, 2e-3);
    }

    [Fact]
    public void StateReadoutGradients()
    {
        var g = new Generator(4);
        var p = Parameters(g, 2, 3);
        var state = Tensor.Randn(g, 2, 2, 6);
        GradientCheck.Assert(x => new Recur.Fused.S4dReadout(9).Apply(x[0], x[1], x[2], x[3], x[4].Reshape(2, 2, 3, 2))[0],
            [.. p, state], 1e-3, 2e-2, 2e-3);
    }

    [Theory]
    [InlineData(ConvolutionMethod.Direct), InlineData(ConvolutionMethod.Fft)]
    public void LongConvolutionGradients(ConvolutionMethod method)
    {
        var g = new Generator(5);
        GradientCheck.Assert(x => Functional.CausalConvolution(x[0], x[1], method), Tensor.Randn(g, 2, 3, 7), Tensor.Randn(g, 3, 7));
    }

    [Fact]
    public void GeluGradientAndValues()
    {
        var x = Tensor.FromArray([-3f, -1f, -0.5f, 0f, 0.3f, 1f, 2.5f], 7);
        // torch.nn.functional.gelu at these points (float64).
        float[] expected = [-0.00404969f, -0.15865525f, -0.15426877f, 0f, 0.18537343f, 0.84134475f, 2.48447584f];
        var y = Functional.Gelu(x).ToArray();
        for (int i = 0; i < y.Length; i++) Assert.Equal(expected[i], y[i], 1e-6f);
        GradientCheck.Assert(t => Functional.Gelu(t[0]), Tensor.Randn(new Generator(6), 11));
    }

    [Fact]
    public void LayerGradientsForEveryParameterAndTheInput()
    {
        var layer = new S4d(3, 4, generator: new Generator(7), dtMin: 0.05f, dtMax: 0.3f);
        var parameters = layer.Parameters().ToArray();
        var input = Tensor.Randn(new Generator(8), 6, 2, 3);
        var state = Tensor.Randn(new Generator(9), 2, 3, 4);
        GradientCheck.Assert(x => layer.Forward(x[0], state).Output, [input, .. parameters], 1e-2, 3e-2, 3e-3);
    }
}
