using System.Runtime.Intrinsics;
using Recur.Kernels.Recurrent;

namespace Recur.Tests.Kernels;

/// <summary>The single-precision vector exp, sigmoid and tanh of the gate kernels against double-precision math.</summary>
public class GateMathTests
{
    static float[] Apply(Func<Vector256<float>, Vector256<float>> f, float[] x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i += 8) f(Vector256.Create(x, i)).CopyTo(y, i);
        return y;
    }

    static float[] Grid(float from, float to, int count) =>
        Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray();

    [Fact]
    public void ExpHasSmallRelativeError()
    {
        var x = Grid(-87f, 88f, 8 * 4001);
        var y = Apply(GateMath.Exp, x);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Exp(x[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 3e-7 * expected, $"exp({x[i]}) = {y[i]}, expected {expected}");
        }
    }

    [Fact]
    public void SigmoidAndTanhMatchDoublePrecisionAndSaturate()
    {
        var x = Grid(-30f, 30f, 8 * 2001).Concat([-1e30f, -200f, -88.5f, -87.5f, 87.5f, 88.5f, 200f, 1e30f]).ToArray();
        var s = Apply(GateMath.Sigmoid, x);
        var t = Apply(GateMath.Tanh, x);
        for (int i = 0; i < x.Length; i++)
        {
            double sigmoid = 1 / (1 + Math.Exp(-(double)x[i]));
            Assert.True(Math.Abs(s[i] - sigmoid) <= 1e-7 + 3e-7 * sigmoid, $"σ({x[i]}) = {s[i]}, expected {sigmoid}");
            Assert.True(Math.Abs(t[i] - Math.Tanh(x[i])) <= 4e-7, $"tanh({x[i]}) = {t[i]}, expected {Math.Tanh(x[i])}");
        }
        Assert.True(s[^8] < 1e-38f); Assert.Equal(1f, s[^1]); Assert.Equal(-1f, t[^8]); Assert.Equal(1f, t[^1]);
    }

    [Fact]
    public void NaNPropagates()
    {
        var y = Apply(GateMath.Exp, [float.NaN, 0f, 1f, float.NaN, 2f, 3f, 4f, float.NaN]);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[3]) && float.IsNaN(y[7]));
        Assert.Equal(1f, y[1]);
    }
}
