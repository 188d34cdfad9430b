using Recur.Nn;

namespace Recur.Tests.Nn.Sequence;

public class RecurrentSequenceLayerTests
{
    public static TheoryData<string> Kinds => new() { "rnn", "lstm", "gru" };

    static ISequenceLayer Create(string kind, int layers = 2) => kind switch
    {
        "lstm" => new Lstm(3, 5, layers, generator: new Generator(1)),
        "gru" => new Gru(3, 5, layers, generator: new Generator(1)),
        _ => new Rnn(3, 5, layers, generator: new Generator(1)),
    };

    [Theory, MemberData(nameof(Kinds))]
    public void ChunksCarriedThroughTheStateEqualOnePass(string kind) =>
        SequenceLayerContract.ChunksEqualWhole(Create(kind), steps: 9, batch: 3, split: 4);

    [Theory, MemberData(nameof(Kinds))]
    public void StepperEqualsForward(string kind) =>
        SequenceLayerContract.StepperEqualsForward(Create(kind), steps: 7, batch: 2);

    [Theory, MemberData(nameof(Kinds))]
    public void OutputsDoNotReadTheFuture(string kind) =>
        SequenceLayerContract.IsCausal(Create(kind), steps: 8, batch: 2, t: 5);

    [Fact]
    public void StateHasTheBatchFirst()
    {
        var layer = Create("lstm", layers: 2);
        var state = layer.ZeroState(4);
        Assert.Equal([4, 2, 5], state.Tensors[0].Shape.ToArray());
        Assert.Equal([4, 2, 5], state.Tensors[1].Shape.ToArray());
        Assert.Equal(4 * 4 * 5, layer.CreateStepper(4).StateSize * 4);
    }
}
