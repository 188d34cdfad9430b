using Recur.Nn;
using Recur.Tests.Autograd;
using Recur.Tests.Nn.Sequence;

namespace Recur.Tests.Nn.MinRnn;

/// <summary>
/// minGRU and minLSTM stacks: the sequence-layer contract (chunks, stepper, causality), finite-difference gradients
/// of every parameter and of the input and carried state, the log-space training path against the plain
/// recurrence, and the state's shape.
/// </summary>
public class MinRnnNetworkTests
{
    public static TheoryData<string> Kinds => new() { "gru", "lstm" };

    static MinRnnNetwork Create(string kind, int input = 3, int hidden = 5, int layers = 2) => kind == "gru"
        ? new MinGruNetwork(input, hidden, layers, generator: new Generator(1))
        : new MinLstmNetwork(input, hidden, layers, generator: new Generator(1));

    [Theory, MemberData(nameof(Kinds))]
    public void ChunksCarriedThroughTheStateEqualOnePass(string kind) =>
        SequenceLayerContract.ChunksEqualWhole(Create(kind), steps: 9, batch: 3, split: 4);

    [Theory, MemberData(nameof(Kinds))]
    public void StepperEqualsForward(string kind)
    {
        SequenceLayerContract.StepperEqualsForward(Create(kind), steps: 7, batch: 2);
        SequenceLayerContract.StepperEqualsForward(Create(kind, input: 4, hidden: 4, layers: 3), steps: 6, batch: 3);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void OutputsDoNotReadTheFuture(string kind) =>
        SequenceLayerContract.IsCausal(Create(kind), steps: 8, batch: 2, t: 5);

    [Theory]
    [InlineData("gru", 6f)]
    [InlineData("gru", -6f)]
    [InlineData("lstm", 6f)]
    [InlineData("lstm", -6f)]
    public void ParameterInputAndStateGradients(string kind, float candidateBias)
    {
        // g has a kink at 0 (slope 1 above, 1/4 below), where a central difference is wrong; a large candidate bias
        // keeps every pre-activation on one side, each side checked in turn.
        var net = Create(kind, input: 3, hidden: 2, layers: 2);
        foreach (var layer in net.Layers) layer.Projections[^1].Bias!.AsSpan().Fill(candidateBias);
        var x = Tensor.Randn(new Generator(3), 4, 2, 3);
        var h0 = Tensor.Uniform(new Generator(4), 0.1f, 1f, 2, 2, 2);
        var parameters = net.Parameters().ToArray();
        GradientCheck.Assert(t => net.Forward(t[0], new SequenceState([t[1]])).Output, [x, h0, .. parameters]);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void LogSpacePathEqualsThePlainRecurrence(string kind)
    {
        // One layer, checked against h_t = a_t h_{t−1} + b_t written out with the paper's formulas (not the stepper).
        var layer = kind == "gru" ? (MinRnnLayer)new MinGru(3, 4, new Generator(2)) : new MinLstm(3, 4, new Generator(2));
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator(5), 6, 2, 3);
        var h0 = Tensor.Uniform(new Generator(6), 0.2f, 2f, 2, 4);
        var fast = layer.Forward(x, h0).ToArray();
        var proj = layer.Projections.Select(p => p.Forward(x).ToArray()).ToArray();
        var h = h0.ToArray();
        for (int t = 0; t < 6; t++)
            for (int i = 0; i < 8; i++)
            {
                int k = t * 8 + i;
                double G(double v) => v >= 0 ? v + 0.5 : 1 / (1 + Math.Exp(-v));
                double S(double v) => 1 / (1 + Math.Exp(-v));
                double next = kind == "gru"
                    ? (1 - S(proj[0][k])) * h[i] + S(proj[0][k]) * G(proj[1][k])
                    : (S(proj[0][k]) * h[i] + S(proj[1][k]) * G(proj[2][k])) / (S(proj[0][k]) + S(proj[1][k]));
                h[i] = (float)next;
                Assert.Equal(next, fast[k], 1e-5);
            }
    }

    [Fact]
    public void StateIsEachLayersLastHiddenWithTheBatchFirst()
    {
        var net = Create("lstm", layers: 3);
        Assert.Equal([4, 3, 5], net.ZeroState(4).Tensors[0].Shape.ToArray());
        Assert.Equal(15, net.CreateStepper(4).StateSize);
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        Assert.Contains("layers.0.linear_f.weight", names);
        Assert.Contains("layers.2.linear_h.bias", names);
        var e = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros(2, 4, 3), new SequenceState([Tensor.Zeros(4, 2, 5)])));
        Assert.Contains("(4, 3, 5)", e.Message);
    }
}
