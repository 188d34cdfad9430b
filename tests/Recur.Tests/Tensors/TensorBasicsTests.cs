namespace Recur.Tests.Tensors;

public class TensorBasicsTests
{
    [Fact]
    public void SameSeedGivesSameBits()
    {
        var a = Tensor.Randn(new Generator(42), 3, 5).ToArray();
        var b = Tensor.Randn(new Generator(42), 3, 5).ToArray();
        var c = Tensor.Randn(new Generator(43), 3, 5).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SumToShapeReducesBroadcastDimensions()
    {
        var g = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([5f, 7f, 9f], g.SumToShape([3]).ToArray());
        Assert.Equal([6f, 15f], g.SumToShape([2, 1]).ToArray());
        Assert.Equal([21f], g.SumToShape([1, 1]).ToArray());
    }
}
