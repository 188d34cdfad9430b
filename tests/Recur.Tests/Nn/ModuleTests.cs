using Recur.Nn;

namespace Recur.Tests.Nn;

public class ModuleTests
{
    sealed class Net : Module
    {
        public readonly Sequential Body;
        public readonly Embedding Emb;

        public Net()
        {
            Emb = RegisterModule("emb", new Embedding(5, 3, new Generator(1)));
            Body = RegisterModule("body", new Sequential(new Linear(3, 4, generator: new Generator(2)), new Dropout(0.5f, new Generator(3)), new LayerNorm(4)));
        }
    }

    [Fact]
    public void ParametersHavePyTorchDottedNamesAndCounts()
    {
        var net = new Net();
        Assert.Equal(["emb.weight", "body.0.weight", "body.0.bias", "body.2.weight", "body.2.bias"], net.NamedParameters().Select(p => p.Name));
        Assert.Equal(5 * 3 + 4 * 3 + 4 + 4 + 4, net.ParameterCount);
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
    }

    [Fact]
    public void LinearInitialisesWithinPyTorchBound()
    {
        var linear = new Linear(16, 8, generator: new Generator(5));
        float bound = 1f / MathF.Sqrt(16);
        Assert.All(linear.Weight.ToArray(), w => Assert.InRange(w, -bound, bound));
        Assert.All(linear.Bias!.ToArray(), b => Assert.InRange(b, -bound, bound));
    }

    [Fact]
    public void EvalModePropagatesAndDisablesDropout()
    {
        var net = new Net();
        var x = Tensor.Ones(2, 3);
        net.Eval();
        Assert.False(net.Body.Training);
        var a = net.Body.Forward(x).ToArray();
        var b = net.Body.Forward(x).ToArray();
        Assert.Equal(a, b);
        net.Train();
        var dropped = new Dropout(0.5f, new Generator(4)).Forward(Tensor.Ones(1000)).ToArray();
        Assert.All(dropped, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(dropped.Count(v => v == 0f), 400, 600);
    }

    [Fact]
    public void StateDictRoundTripsAndLoadErrorsNameTheParameter()
    {
        var source = new Net();
        var target = new Net();
        Init.Constant(target.Emb.Weight, 0f);
        target.LoadStateDict(source.StateDict());
        Assert.Equal(source.Emb.Weight.ToArray(), target.Emb.Weight.ToArray());

        var state = source.StateDict();
        state["body.0.bias"] = Tensor.Zeros(5);
        var shape = Assert.Throws<InvalidDataException>(() => target.LoadStateDict(state));
        Assert.Contains("body.0.bias", shape.Message);

        state.Remove("body.0.bias");
        state["extra"] = Tensor.Zeros(1);
        var names = Assert.Throws<InvalidDataException>(() => target.LoadStateDict(state));
        Assert.Contains("missing [body.0.bias]", names.Message);
        Assert.Contains("unexpected [extra]", names.Message);
    }
}
