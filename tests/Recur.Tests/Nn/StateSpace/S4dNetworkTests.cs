using System.Numerics;
using Recur.Nn;
using Recur.Tests.Nn.Sequence;

namespace Recur.Tests.Nn.StateSpace;

/// <summary>
/// The S4D stack as an <see cref="ISequenceLayer"/> (chunks carried through the modal state equal one pass, the
/// recurrent stepper equals the convolutional forward, causality), the recurrence against the convolution at
/// L = 1000 on both convolution paths, the published initial eigenvalues, and the parameter names.
/// </summary>
public class S4dNetworkTests
{
    static S4dNetwork Create(S4dInit init = S4dInit.Lin, int layers = 2) =>
        new(3, 5, layers, generator: new Generator(1), stateSize: 6, init: init, dtMin: 0.01f, dtMax: 0.3f);

    [Theory]
    [InlineData(S4dInit.Lin, 9, 4), InlineData(S4dInit.Inv, 9, 4), InlineData(S4dInit.Lin, 150, 77)]
    public void ChunksCarriedThroughTheStateEqualOnePass(S4dInit init, int steps, int split) =>
        SequenceLayerContract.ChunksEqualWhole(Create(init), steps, batch: 3, split);

    [Theory]
    [InlineData(S4dInit.Lin), InlineData(S4dInit.Inv)]
    public void StepperEqualsForward(S4dInit init) =>
        SequenceLayerContract.StepperEqualsForward(Create(init), steps: 7, batch: 2);

    [Fact]
    public void OutputsDoNotReadTheFuture() => SequenceLayerContract.IsCausal(Create(), steps: 8, batch: 2, t: 5);

    /// <summary>The recurrent form (the stepper, float state) over 1000 steps against the convolution, direct and FFT.</summary>
    [Theory]
    [InlineData(Recur.Kernels.Convolution.ConvolutionMethod.Direct), InlineData(Recur.Kernels.Convolution.ConvolutionMethod.Fft)]
    public void RecurrenceEqualsConvolutionOverAThousandSteps(Recur.Kernels.Convolution.ConvolutionMethod method)
    {
        var network = new S4dNetwork(2, 4, 1, generator: new Generator(2), stateSize: 8, dtMin: 0.001f, dtMax: 0.1f);
        network.Layers[0].Convolution = method;
        SequenceLayerContract.StepperEqualsForward(network, steps: 1000, batch: 1, tolerance: 2e-4f);
    }

    [Fact]
    public void ChunkedStateEqualsTheRecurrenceState()
    {
        var network = Create(layers: 1);
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator(3), 12, 2, 3);
        var (_, state) = network.Forward(x);
        var stepper = network.CreateStepper(2);
        var s = new float[2 * stepper.StateSize];
        var y = new float[2 * 5];
        var xs = x.ToArray();
        for (int t = 0; t < 12; t++) stepper.Step(xs.AsSpan(t * 6, 6), s, y);
        var carried = state.Tensors[0].ToArray();
        for (int i = 0; i < s.Length; i++) Assert.True(Math.Abs(s[i] - carried[i]) < 1e-4 * (1 + Math.Abs(s[i])), $"state [{i}]: {carried[i]}, recurrence {s[i]}");
    }

    [Fact]
    public void StateHasTheBatchFirst()
    {
        var network = Create();
        Assert.Equal([4, 2, 5 * 6], network.ZeroState(4).Tensors[0].Shape.ToArray());
        Assert.Equal(2 * 5 * 6, network.CreateStepper(4).StateSize);
        var (_, state) = network.Forward(Tensor.Randn(new Generator(4), 3, 4, 3));
        Assert.Equal([4, 2, 5 * 6], state.Tensors[0].Shape.ToArray());
    }

    /// <summary>Hand-worked: S4D-Lin at N = 8 is −1/2 + iπ·(0, 1, 2, 3); S4D-Inv is −1/2 + i(8/π)(8/(2n+1) − 1).</summary>
    [Fact]
    public void InitsGiveThePublishedEigenvalues()
    {
        double[] lin = [0, Math.PI, 2 * Math.PI, 3 * Math.PI];
        double[] inv = [8 / Math.PI * 7, 8 / Math.PI * (8.0 / 3 - 1), 8 / Math.PI * (8.0 / 5 - 1), 8 / Math.PI * (8.0 / 7 - 1)];
        Assert.Equal(17.825353626292277, inv[0], 1e-12);
        foreach (var (init, expected) in new[] { (S4dInit.Lin, lin), (S4dInit.Inv, inv) })
        {
            var kernel = new S4dKernel(2, 8, init, generator: new Generator(5));
            var real = kernel.LogAReal.ToArray();
            var imag = kernel.AImag.ToArray();
            for (int h = 0; h < 2; h++)
                for (int n = 0; n < 4; n++)
                {
                    var a = new Complex(-Math.Exp(real[h * 4 + n]), imag[h * 4 + n]);
                    Assert.Equal(-0.5, a.Real, 1e-6);
                    Assert.Equal(expected[n], a.Imaginary, 1e-5);
                }
            var dt = kernel.LogDt.ToArray().Select(v => Math.Exp(v));
            Assert.All(dt, v => Assert.InRange(v, 0.001, 0.1));
        }
    }

    [Fact]
    public void ParametersCarryTheReferenceNames()
    {
        var names = Create(layers: 1).StateDict();
        foreach (var name in new[] { "encoder.weight", "encoder.bias", "s4_layers.0.D", "s4_layers.0.kernel.log_dt", "s4_layers.0.kernel.C",
            "s4_layers.0.kernel.log_A_real", "s4_layers.0.kernel.A_imag", "s4_layers.0.output_linear.0.weight", "s4_layers.0.output_linear.0.bias",
            "norms.0.weight", "norms.0.bias", "norm.weight", "norm.bias" })
            Assert.True(names.ContainsKey(name), $"missing {name}");
        Assert.Equal(13, names.Count);
        Assert.Equal([10, 5, 1], names["s4_layers.0.output_linear.0.weight"].Shape.ToArray());
        Assert.Equal([5, 3, 2], names["s4_layers.0.kernel.C"].Shape.ToArray());
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var network = Create();
        Assert.Contains("(T, B, I 3)", Assert.Throws<ArgumentException>(() => network.Forward(Tensor.Zeros(4, 2, 5))).Message);
        Assert.Contains("state", Assert.Throws<ArgumentException>(() => network.Forward(Tensor.Zeros(4, 2, 3), network.ZeroState(3))).Message);
        Assert.Contains("even", Assert.Throws<ArgumentOutOfRangeException>(() => new S4dKernel(2, 5)).Message);
    }
}
