using Recur.Optim;

namespace Recur.Tests.Autograd;

/// <summary>In-place changes to tensors saved for backward are errors naming the op; other changes are allowed.</summary>
public class VersionCounterTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1f, 1f, shape);

    [Fact]
    public void WritesBumpTheVersionSharedByViews()
    {
        var x = R(1, 2, 3);
        var view = x.Detach().Transpose(0, 1);
        Assert.Equal(0, x.Version);
        view[1, 0] = 4f;
        Assert.Equal(1, x.Version);
        Assert.Equal(1, view.Version);
        Assert.Equal(4f, x[0, 1]);
    }

    [Fact]
    public void ChangingASavedOutputIsAnError()
    {
        var x = R(1, 2, 3).RequireGrad();
        var y = x.Tanh();          // backward reads y
        var loss = y.Sum();
        y[0, 0] = 0.5f;
        var error = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("TanhBackward", error.Message);
    }

    [Fact]
    public void ChangingASavedInputThroughAViewIsAnError()
    {
        var a = R(1, 3).RequireGrad();
        var b = R(2, 3);
        var loss = (a * b).Sum();   // backward reads b for a's gradient
        b.Detach().Reshape(3)[2] = 7f;
        var error = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("MulBackward", error.Message);
    }

    [Fact]
    public void AnOptimiserStepBeforeBackwardIsCaught()
    {
        var w = R(1, 4, 3).RequireGrad();
        var x = R(2, 2, 4);
        var loss = x.MatMul(w).Sum();
        w.Grad = Tensor.Ones(4, 3);
        new Sgd([w], 0.1).Step();   // changes w in place, and MatMul saved it
        var error = Assert.Throws<InvalidOperationException>(() => loss.Backward());
        Assert.Contains("MmBackward", error.Message);
    }

    [Fact]
    public void ChangingATensorNoBackwardReadsIsAllowed()
    {
        var a = R(1, 3).RequireGrad();
        var b = R(2, 3).RequireGrad();
        var loss = (a + b).Sum();   // addition saves nothing
        b[0] = 9f;
        loss.Backward();
        Assert.Equal([1f, 1f, 1f], a.Grad!.ToArray());
        Assert.Equal([1f, 1f, 1f], b.Grad!.ToArray());
    }
}
