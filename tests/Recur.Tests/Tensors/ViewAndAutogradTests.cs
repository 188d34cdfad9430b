using Recur.Nn;

namespace Recur.Tests.Tensors;

public class ViewAndAutogradTests
{
    [Fact]
    public void ViewsShareStorageAndIndexCorrectly()
    {
        var x = Tensor.FromArray([0, 1, 2, 3, 4, 5], 2, 3);
        var t = x.Transpose(0, 1);
        Assert.Equal([3, 2], t.Shape.ToArray());
        Assert.False(t.IsContiguous);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], t.ToArray());
        Assert.Equal([1f, 4f], x.Narrow(1, 1, 1).ToArray());
        Assert.Equal([3f, 4f, 5f], x.Select(0, 1).ToArray());
        Assert.Equal([0f, 1f, 2f, 0f, 1f, 2f], x.Select(0, 0).Unsqueeze(0).Expand(2, 3).ToArray());
        x[1, 2] = 50f;
        Assert.Equal(50f, t[2, 1]);
        Assert.Equal([2f, 4f], x.Reshape(3, 2).Select(1, 0).Narrow(0, 1, 2).ToArray());
    }

    [Fact]
    public void GradientsAccumulateAcrossUsesAndCalls()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]).RequireGrad();
        (x * x + x).Sum().Backward();               // d/dx = 2x + 1
        Assert.Equal([3f, 5f, 7f], x.Grad!.ToArray());
        (x * 2f).Sum().Backward();                   // accumulates +2
        Assert.Equal([5f, 7f, 9f], x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void NoGradAndDetachStopRecording()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        using (Tensor.NoGrad()) Assert.False((x * 3f).RequiresGrad);
        var y = (x * 3f).Detach();
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        Assert.True((x * 3f).RequiresGrad);
        Assert.Equal("MulBackward", (x * 3f).GradFnName);
    }

    [Fact]
    public void BackwardReleasesTheGraphAndIntermediateGradients()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var hidden = x.Tanh();
        var loss = (hidden * hidden).Sum();
        loss.Backward();
        Assert.Null(hidden.Grad);
        Assert.True(hidden.IsLeaf); // its backward closure (and the tensors it captured) are gone

        var kept = x.Exp().RetainGrad();
        kept.Sum().Backward();
        Assert.Equal([1f, 1f], kept.Grad!.ToArray());
    }

    [Fact]
    public void OrthogonalInitGivesOrthonormalRows()
    {
        var w = Tensor.Zeros(3, 5);
        Init.Orthogonal(w, generator: new Generator(7));
        var gram = w.MatMul(w.T).ToArray();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(i == j ? 1f : 0f, gram[i * 3 + j], 5);
    }

    [Fact]
    public void ToStringShowsValuesShapeAndGradFn()
    {
        var x = Tensor.FromArray([1f, 2.5f], 1, 2).RequireGrad();
        Assert.Equal("tensor([[1, 2.5]], shape=(1, 2), requires_grad=True)", x.ToString());
        Assert.Contains("grad_fn=MulBackward", (x * 2f).ToString());
    }

    [Fact]
    public void ShapeErrorsNameTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("(2, 3)", e.Message);
        Assert.Contains("(4,)", e.Message);
    }
}
