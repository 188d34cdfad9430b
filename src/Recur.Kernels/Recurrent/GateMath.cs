using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Logistic sigmoid and tanh on one lane or one 256-bit vector, for the fused gate kernels. tanh is written as
/// 2σ(2x) − 1, exact at both tails; near 0 its absolute error stays at a few float ulps of 1.
/// </summary>
static class GateMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var two = Vector256.Create(2f);
        return two * Sigmoid(two * x) - Vector256<float>.One;
    }

    /// <summary>True when the 256-bit path runs in hardware; otherwise the kernels use their scalar loop.</summary>
    public static bool Vectorized => Vector256.IsHardwareAccelerated;

    public const int Width = 8;
}
