using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests.Nn.StateSpace;

/// <summary>
/// One <see cref="S4d"/> layer against S4D written out in torch (tools/make_s4d_fixtures.py, float64 on the stored
/// float32 values, s4d.py's FFT convolution): the kernel, the output and the gradient of Σ w⊙y with respect to every
/// parameter (loaded by s4d.py's state_dict names) and to the input, for "lin" (L 37) and "inv" (L 150), each
/// through the direct and the FFT convolution.
/// </summary>
public class S4dTorchFixtureTests
{
    static readonly SafetensorsFile Fixture =
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "s4d", "s4d.safetensors"));

    static readonly string[] Names = ["kernel.log_dt", "kernel.C", "kernel.log_A_real", "kernel.A_imag", "D", "output_linear.0.weight", "output_linear.0.bias"];

    public static TheoryData<string, Recur.Kernels.Convolution.ConvolutionMethod> Cases() => new()
    {
        { "lin", Recur.Kernels.Convolution.ConvolutionMethod.Auto }, { "lin", Recur.Kernels.Convolution.ConvolutionMethod.Fft },
        { "inv", Recur.Kernels.Convolution.ConvolutionMethod.Direct }, { "inv", Recur.Kernels.Convolution.ConvolutionMethod.Fft },
    };

    [Theory, MemberData(nameof(Cases))]
    public void KernelOutputAndGradientsMatchPyTorch(string name, Recur.Kernels.Convolution.ConvolutionMethod method)
    {
        var u = Fixture.Tensors[$"{name}.u"];                                     // (B, H, L)
        int batch = u.Shape[0], channels = u.Shape[1], length = u.Shape[2];
        int stateSize = 2 * Fixture.Tensors[$"{name}.kernel.A_imag"].Shape[1];
        var layer = new S4d(channels, stateSize, generator: new Generator(1)) { Convolution = method };
        Assert.Equal(Names.Order(), layer.StateDict().Keys.Order());
        layer.LoadStateDict(Names.ToDictionary(n => n, n => Fixture.Tensors[$"{name}.{n}"]));

        AssertClose(Fixture.Tensors[$"{name}.kernel"].ToArray(), layer.Kernel.Forward(length).ToArray(), 1e-5, "kernel");

        var input = u.Permute(2, 0, 1).Contiguous().Detach().RequireGrad();       // (L, B, H)
        var y = layer.Forward(input);
        var expected = Fixture.Tensors[$"{name}.y"].Permute(2, 0, 1).Contiguous().ToArray();
        AssertClose(expected, y.ToArray(), 1e-5, "y");
        (y * Fixture.Tensors[$"{name}.w"].Permute(2, 0, 1).Contiguous()).Sum().Backward();
        AssertClose(Fixture.Tensors[$"{name}.grad.u"].Permute(2, 0, 1).Contiguous().ToArray(), input.Grad!.ToArray(), 1e-4, "grad u");
        var parameters = layer.StateDict();
        foreach (var n in Names)
            AssertClose(Fixture.Tensors[$"{name}.grad.{n}"].ToArray(), parameters[n].Grad!.ToArray(), 2e-4, $"grad {n}");
    }

    static void AssertClose(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (scale + Math.Abs(expected[i]))))
                Assert.Fail($"{what}[{i}]: {actual[i]:G7}, expected {expected[i]:G7} (largest {scale:G4})");
    }
}
