using Recur.Nn;
using Recur.Tests.Autograd;

namespace Recur.Tests.Nn.Scan;

/// <summary>The fused scans' gradients by finite differences, every input, with and without h0, each kernel.</summary>
public class ScanOpTests
{
    static Tensor U(int seed, float low, float high, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), low, high, shape);

    [Theory]
    [InlineData(ScanMethod.Sequential, 0)]
    [InlineData(ScanMethod.Chunked, 1)]
    [InlineData(ScanMethod.Chunked, 2)]
    [InlineData(ScanMethod.Chunked, 4)]
    public void LinearScanGradients(ScanMethod method, int chunk)
    {
        GradientCheck.Assert(x => Functional.LinearScan(x[0], x[1], x[2], method, chunk),
            U(1, -0.9f, 0.9f, 5, 2, 3), U(2, -1f, 1f, 5, 2, 3), U(3, -1f, 1f, 2, 3));
        GradientCheck.Assert(x => Functional.LinearScan(x[0], x[1], null, method, chunk), U(4, -0.9f, 0.9f, 6, 1, 3), U(5, -1f, 1f, 6, 1, 3));
    }

    [Fact]
    public void ComplexLinearScanGradients()
    {
        GradientCheck.Assert(x => { var (re, im) = Functional.ComplexLinearScan(x[0], x[1], x[2], x[3], x[4], x[5]); return Tensor.Concat([re, im]); },
            U(6, -0.6f, 0.6f, 4, 2, 3), U(7, -0.6f, 0.6f, 4, 2, 3), U(8, -1f, 1f, 4, 2, 3), U(9, -1f, 1f, 4, 2, 3), U(10, -1f, 1f, 2, 3), U(11, -1f, 1f, 2, 3));
        GradientCheck.Assert(x => { var (re, im) = Functional.ComplexLinearScan(x[0], x[1], x[2], x[3]); return re * 2f + im; },
            U(12, -0.6f, 0.6f, 5, 1, 2), U(13, -0.6f, 0.6f, 5, 1, 2), U(14, -1f, 1f, 5, 1, 2), U(15, -1f, 1f, 5, 1, 2));
    }

    [Fact]
    public void LogLinearScanGradients()
    {
        GradientCheck.Assert(x => Functional.LogLinearScan(x[0], x[1], x[2]), U(16, -2f, 0f, 5, 2, 3), U(17, -2f, 1f, 5, 2, 3), U(18, -1f, 1f, 2, 3));
        GradientCheck.Assert(x => Functional.LogLinearScan(x[0], x[1]), U(19, -2f, 0f, 6, 1, 2), U(20, -2f, 1f, 6, 1, 2));
    }

    [Fact]
    public void AutoPicksAKernelThatAgreesWithTheSequentialOne()
    {
        using var _ = Recur.Kernels.Parallelism.Limit(8);
        var a = U(21, 0.9f, 1f, 300, 1, 5); var b = U(22, -1f, 1f, 300, 1, 5);
        var sequential = Functional.LinearScan(a, b, method: ScanMethod.Sequential).ToArray();
        var auto = Functional.LinearScan(a, b).ToArray();
        for (int i = 0; i < auto.Length; i++) Assert.Equal(sequential[i], auto[i], 1e-3f);
    }

    [Fact]
    public void BadShapesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.LinearScan(Tensor.Zeros(3, 2, 4), Tensor.Zeros(3, 2, 5)));
        Assert.Contains("b (3, 2, 5)", e.Message);
        e = Assert.Throws<ArgumentException>(() => Functional.LogLinearScan(Tensor.Zeros(3, 2, 4), Tensor.Zeros(3, 2, 4), Tensor.Zeros(4)));
        Assert.Contains("logH0 must have shape (2, 4)", e.Message);
        Assert.Throws<ArgumentException>(() => Functional.ComplexLinearScan(Tensor.Zeros(3, 1, 1), Tensor.Zeros(3, 1, 1), Tensor.Zeros(3, 1, 1), Tensor.Zeros(3, 1, 1), Tensor.Zeros(1, 1)));
    }
}
