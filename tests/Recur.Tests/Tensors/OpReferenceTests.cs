using Recur.Nn;

namespace Recur.Tests.Tensors;

/// <summary>Forward values against PyTorch 1.13 (printed by tools/reference_ops.py for the same literal inputs).</summary>
public class OpReferenceTests
{
    static readonly Tensor Logits = Tensor.FromArray([0.5f, -1.0f, 2.0f, 0.0f, 1.5f, 0.2f, -0.3f, 0.7f, -2.0f, 1.0f, 0.1f, 0.4f], 3, 4);

    [Fact]
    public void CrossEntropyIgnoresIndexAndSmoothsLabels()
    {
        Assert.Equal(0.5190388560295105, Functional.CrossEntropy(Logits, [2, -100, 1]).Item(), 5);
        Assert.Equal(0.7940388321876526, Functional.CrossEntropy(Logits, [2, -100, 1], labelSmoothing: 0.2f).Item(), 5);
        var none = Functional.CrossEntropy(Logits, [2, 0, 1], reduction: Reduction.None).ToArray();
        Assert.Equal([0.342349648475647f, 0.6350728273391724f, 0.695728063583374f], none, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void SoftmaxAndLayerNormMatchPyTorch()
    {
        var softmax = Logits.Softmax(1).Select(0, 0).ToArray();
        Assert.Equal([0.15844470262527466f, 0.03535379096865654f, 0.7100998759269714f, 0.09610156714916229f], softmax, (a, b) => Math.Abs(a - b) < 1e-6);
        var w = Tensor.FromArray([1.0f, 2.0f, 0.5f, -1.0f]);
        var b = Tensor.FromArray([0.1f, 0.0f, -0.2f, 0.3f]);
        var ln = Functional.LayerNorm(Logits, w, b).Select(0, 1).ToArray();
        Assert.Equal([1.5667294263839722f, -0.9778194427490234f, -0.8205392956733704f, 0.03674086928367615f], ln, (x, y) => Math.Abs(x - y) < 1e-5);
    }

    [Fact]
    public void SoftmaxIsStableForLargeLogits()
    {
        var p = Tensor.FromArray([1000f, 1000f, -1000f], 1, 3).Softmax(1).ToArray();
        Assert.Equal([0.5f, 0.5f, 0f], p);
    }
}
