using Recur.Nn;
using Recur.Tests.Autograd;
using Recur.Tests.Nn.Sequence;

namespace Recur.Tests.Nn.Mamba;

/// <summary>
/// The Mamba block and <see cref="MambaNetwork"/>: mamba_simple's parameter names, shapes and init; finite-difference
/// checks of the block's input and parameters; the depthwise causal convolution against a direct sum; and the
/// sequence-layer contract (chunks equal one pass, the stepper equals forward, causality) for both norms.
/// </summary>
public class MambaTests
{
    [Fact]
    public void ParametersHaveTheReferenceNamesAndShapes()
    {
        var block = new Recur.Nn.Mamba(20, generator: new Generator(1));
        var shapes = block.StateDict().ToDictionary(p => p.Key, p => Tensor.ShapeString(p.Value.Shape));
        var expected = new Dictionary<string, string>
        {
            ["A_log"] = "(40, 16)", ["D"] = "(40,)", ["in_proj.weight"] = "(80, 20)", ["conv1d.weight"] = "(40, 1, 4)", ["conv1d.bias"] = "(40,)",
            ["x_proj.weight"] = "(34, 40)", ["dt_proj.weight"] = "(40, 2)", ["dt_proj.bias"] = "(40,)", ["out_proj.weight"] = "(20, 40)",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), shapes.OrderBy(p => p.Key));
        Assert.Equal(2, block.DtRank);
    }

    [Fact]
    public void InitIsTheReferences()
    {
        var block = new Recur.Nn.Mamba(64, generator: new Generator(2));
        var aLog = block.ALog.ToArray();
        for (int i = 0; i < aLog.Length; i++) Assert.Equal(MathF.Log(i % 16 + 1), aLog[i], 6);
        Assert.All(block.D.ToArray(), d => Assert.Equal(1f, d));
        var dt = block.DtProj.Bias!.ToArray().Select(b => Math.Log(1 + Math.Exp(b))).ToArray();
        Assert.All(dt, v => Assert.InRange(v, 0.001 * 0.999, 0.1 * 1.001));
        Assert.True(dt.Min() < 0.003 && dt.Max() > 0.03, "Δ₀ should spread log-uniformly over [dt_min, dt_max]");
        float std = 1f / MathF.Sqrt(block.DtRank);
        Assert.All(block.DtProj.Weight.ToArray(), w => Assert.InRange(w, -std, std));
    }

    [Fact]
    public void BlockGradientsMatchFiniteDifferences()
    {
        var block = new Recur.Nn.Mamba(4, stateSize: 3, generator: new Generator(3));
        var x = Tensor.Uniform(new Generator(4), -1f, 1f, 5, 2, 4);
        var parameters = block.Parameters().ToArray();
        // Δ near e^−5 makes exp(Δ·A) flat; wider Δ (bias near 0) makes every parameter's effect visible to a ±1e-2 step.
        block.DtProj.Bias!.AsSpan().Fill(0.2f);
        GradientCheck.Assert(inputs => block.Forward(inputs[0]).Output, [x, .. parameters], 1e-2, 3e-2, 3e-3);
    }

    [Fact]
    public void ConvolutionIsTheDirectCausalSum()
    {
        var block = new Recur.Nn.Mamba(3, generator: new Generator(5));
        var conv = block.Conv;
        int t = 7, batch = 2, d = conv.Channels, k = conv.Width;
        var x = Tensor.Randn(new Generator(6), t, batch, d);
        var history = Tensor.Randn(new Generator(7), k - 1, batch, d);
        var (y, next) = conv.Forward(x, history);
        var w = conv.Weight.ToArray(); var bias = conv.Bias.ToArray();
        var xs = Tensor.Concat([history, x], 0).ToArray();
        var actual = y.ToArray();
        for (int s = 0; s < t; s++)
            for (int b = 0; b < batch; b++)
                for (int c = 0; c < d; c++)
                {
                    double sum = bias[c];
                    for (int j = 0; j < k; j++) sum += w[c * k + j] * xs[((s + j) * batch + b) * d + c];
                    Assert.Equal(sum, actual[(s * batch + b) * d + c], 5);
                }
        Assert.Equal(x.Narrow(0, t - (k - 1), k - 1).ToArray(), next.ToArray());
    }

    [Fact]
    public void ConvolutionGradientsMatchFiniteDifferences()
    {
        var conv = new Recur.Nn.Mamba(3, generator: new Generator(8)).Conv;
        var g = new Generator(9);
        Tensor[] inputs = [Tensor.Randn(g, 5, 2, conv.Channels), Tensor.Randn(g, conv.Width - 1, 2, conv.Channels), conv.Weight, conv.Bias];
        GradientCheck.Assert(x => conv.Forward(x[0], x[1]).Output, inputs);
    }

    [Fact]
    public void ChunkShorterThanTheHistoryKeepsPartOfIt()
    {
        var conv = new Recur.Nn.Mamba(2, generator: new Generator(10)).Conv;
        var history = Tensor.Randn(new Generator(11), 3, 1, conv.Channels);
        var x = Tensor.Randn(new Generator(12), 1, 1, conv.Channels);
        var (_, next) = conv.Forward(x, history);
        var expected = history.Narrow(0, 1, 2).ToArray().Concat(x.ToArray()).ToArray();
        Assert.Equal(expected, next.ToArray());
    }

    public static TheoryData<bool, int, int> Networks => new() { { true, 3, 8 }, { false, 8, 8 } };

    static MambaNetwork Create(bool rms, int input, int hidden) =>
        (MambaNetwork)new MambaNetwork(input, hidden, layers: 2, generator: new Generator(9), stateSize: 4, rmsNorm: rms).Eval();

    [Theory, MemberData(nameof(Networks))]
    public void ChunksCarriedThroughTheStateEqualOnePass(bool rms, int input, int hidden) =>
        SequenceLayerContract.ChunksEqualWhole(Create(rms, input, hidden), steps: 11, batch: 3, split: 5);

    [Theory, MemberData(nameof(Networks))]
    public void StepperEqualsForward(bool rms, int input, int hidden) =>
        SequenceLayerContract.StepperEqualsForward(Create(rms, input, hidden), steps: 9, batch: 2);

    [Theory, MemberData(nameof(Networks))]
    public void OutputsDoNotReadTheFuture(bool rms, int input, int hidden) =>
        SequenceLayerContract.IsCausal(Create(rms, input, hidden), steps: 8, batch: 2, t: 5);

    [Fact]
    public void NetworkNamesFollowMixerModel()
    {
        var net = new MambaNetwork(3, 8, layers: 2, generator: new Generator(1), rmsNorm: true);
        var names = net.StateDict().Keys.ToHashSet();
        Assert.Contains("input_proj.weight", names);
        Assert.Contains("layers.0.norm.weight", names);
        Assert.Contains("layers.1.mixer.dt_proj.bias", names);
        Assert.Contains("layers.1.mixer.A_log", names);
        Assert.Contains("norm_f.weight", names);
        Assert.DoesNotContain("layers.0.norm.bias", names);
        var state = net.ZeroState(5);
        Assert.Equal(4, state.Tensors.Count);
        Assert.Equal([5, 16, 3], state.Tensors[0].Shape.ToArray());
        Assert.Equal([5, 16, 16], state.Tensors[1].Shape.ToArray());
        Assert.Equal(2 * (16 * 3 + 16 * 16), net.CreateStepper(5).StateSize);
    }

    [Fact]
    public void NetworkParameterGradientsMatchFiniteDifferences()
    {
        var net = new MambaNetwork(2, 4, layers: 2, generator: new Generator(11), stateSize: 2, expand: 1, rmsNorm: true);
        var x = Tensor.Uniform(new Generator(12), -1f, 1f, 4, 2, 2);
        foreach (var (name, p) in net.NamedParameters())
            if (name.EndsWith("dt_proj.bias")) p.AsSpan().Fill(0.3f);
        GradientCheck.Assert(inputs => net.Forward(inputs[0]).Output, [x, .. net.Parameters()], 1e-2, 3e-2, 3e-3);
    }

    [Fact]
    public void WrongStateShapeIsNamed()
    {
        var net = Create(true, 3, 8);
        var bad = new SequenceState([Tensor.Zeros(2, 16, 3)]);
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(4, 2, 3), bad));
        Assert.Contains("MambaNetwork", ex.Message);
    }
}
