namespace Recur.Fused;

/// <summary>
/// GELU(x) = x·Φ(x) (Hendrycks &amp; Gimpel 2016), the exact (erf) form of torch.nn.GELU, as one node; backward
/// Φ(x) + x·φ(x). Φ(x) = erfc(−x/√2)/2 with erfc from the Chebyshev fit of Numerical Recipes §6.2 (fractional error
/// below 1.2e-7 everywhere), evaluated in double.
/// </summary>
internal sealed class Gelu() : CustomFunction("GeluBackward")
{
    protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0]];

    protected override void Forward(ForwardContext context)
    {
        var x = context.Input(0);
        var y = context.Output(0);
        for (int i = 0; i < x.Length; i++) y[i] = (float)(x[i] * Phi(x[i]));
    }

    protected override void Backward(BackwardContext context)
    {
        var x = context.Input(0);
        var g = context.OutputGrad(0);
        var dx = context.InputGrad(0);
        const double invSqrt2Pi = 0.3989422804014327;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            dx[i] += (float)(g[i] * (Phi(v) + v * invSqrt2Pi * Math.Exp(-0.5 * v * v)));
        }
    }

    /// <summary>The standard normal CDF.</summary>
    internal const float TanhScale = 0.7978845608f; // √(2/π)

    /// <summary>The tanh approximation of GELU for one value (steppers), as <see cref="Nn.Functional.Gelu"/> with tanhApproximation.</summary>
    public static float Tanh(float x) => 0.5f * x * (1f + MathF.Tanh(TanhScale * (x + 0.044715f * x * x * x)));

    public static double Phi(double x) => 0.5 * Erfc(-x * 0.7071067811865476);

    static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
