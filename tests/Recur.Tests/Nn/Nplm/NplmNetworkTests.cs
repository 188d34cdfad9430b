using Recur.Nn;
using Recur.Tests.Autograd;
using Recur.Tests.Nn.Sequence;

namespace Recur.Tests.Nn.Nplm;

/// <summary>
/// The NPLM window as a sequence layer: the contract (chunks, stepper, causality), finite-difference gradients of
/// every parameter and of the input and carried window, and the carried state's content.
/// </summary>
public class NplmNetworkTests
{
    public static TheoryData<int, bool, int> Shapes => new() { { 1, false, 1 }, { 2, true, 1 }, { 3, false, 2 }, { 4, true, 2 } };

    static NplmNetwork Create(int context, bool direct, int layers, int input = 3, int hidden = 5) =>
        new(input, hidden, layers, generator: new Generator(1), context: context, directConnections: direct);

    [Theory, MemberData(nameof(Shapes))]
    public void ChunksCarriedThroughTheStateEqualOnePass(int context, bool direct, int layers)
    {
        SequenceLayerContract.ChunksEqualWhole(Create(context, direct, layers), steps: 9, batch: 3, split: 4);
        // A chunk shorter than the window: part of the carried state comes from the chunk before it.
        SequenceLayerContract.ChunksEqualWhole(Create(context, direct, layers), steps: 9, batch: 2, split: 1);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void StepperEqualsForward(int context, bool direct, int layers) =>
        SequenceLayerContract.StepperEqualsForward(Create(context, direct, layers), steps: 7, batch: 2);

    [Theory, MemberData(nameof(Shapes))]
    public void OutputsDoNotReadTheFuture(int context, bool direct, int layers) =>
        SequenceLayerContract.IsCausal(Create(context, direct, layers), steps: 8, batch: 2, t: 5);

    [Fact]
    public void OutputsReadOnlyTheLastContextInputs()
    {
        var net = Create(context: 3, direct: false, layers: 1);
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator(2), 8, 1, 3);
        var before = net.Forward(x).Output.ToArray();
        x.AsSpan().Slice(1 * 3, 3).Fill(9f);     // input 1 is in the windows of outputs 1, 2 and 3 only
        var after = net.Forward(x).Output.ToArray();
        for (int t = 0; t < 8; t++)
        {
            bool same = before.AsSpan(t * 5, 5).SequenceEqual(after.AsSpan(t * 5, 5));
            Assert.True(same == t is < 1 or > 3, $"output {t} {(same ? "ignored" : "read")} input 1");
        }
    }

    [Theory, MemberData(nameof(Shapes))]
    public void ParameterInputAndStateGradients(int context, bool direct, int layers)
    {
        var net = Create(context, direct, layers, input: 2, hidden: 3);
        var x = Tensor.Randn(new Generator(3), 4, 2, 2);
        var parameters = net.Parameters().ToArray();
        if (context == 1) GradientCheck.Assert(t => net.Forward(t[0]).Output, [x, .. parameters]);
        else
        {
            var before = Tensor.Randn(new Generator(4), 2, context - 1, 2);
            GradientCheck.Assert(t => net.Forward(t[0], new SequenceState([t[1]])).Output, [x, before, .. parameters]);
        }
    }

    [Fact]
    public void TheStateIsTheLastInputsBatchFirst()
    {
        var net = Create(context: 4, direct: false, layers: 1);
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator(5), 6, 2, 3);
        var state = Assert.Single(net.Forward(x).State.Tensors);
        Assert.Equal([2, 3, 3], state.Shape.ToArray());
        Assert.Equal(x.Narrow(0, 3, 3).Transpose(0, 1).Contiguous().ToArray(), state.ToArray());
        Assert.Empty(Create(context: 1, direct: false, layers: 1).Forward(x).State.Tensors);
        Assert.Equal(8 + 4 * 3, Create(context: 4, direct: true, layers: 1, hidden: 8).OutputSize);
        Assert.Equal(["hidden.0.weight", "hidden.0.bias", "hidden.1.weight", "hidden.1.bias"], Create(2, false, 2).NamedParameters().Select(p => p.Name));
    }
}
