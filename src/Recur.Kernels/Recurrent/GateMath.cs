using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Logistic sigmoid and tanh on one lane or one 256-bit vector, for the fused gate kernels. tanh is written as
/// 2σ(2x) − 1, exact at both tails; near 0 its absolute error stays at a few float ulps of 1.
/// The vector exp is computed in single precision (Cephes expf: e^x = 2^n · e^r, |r| ≤ ln2/2, r by a two-part
/// ln 2, e^r by a degree-6 polynomial; relative error about 1e-7). <see cref="Vector256.Exp(Vector256{float})"/>
/// widens to double for a correctly rounded result, which made the gate kernels cost a fifth of an LSTM
/// training step; the gates need nothing like that accuracy. The gate kernels that use these helpers are never
/// inlined: inlined into a caller (the batch-row split), the JIT ran out of inlining budget for the helpers and
/// called each one, which cost a fifth of an LSTM inference step.
/// </summary>
static class GateMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var two = Vector256.Create(2f);
        return two * Sigmoid(two * x) - Vector256<float>.One;
    }

    /// <summary>
    /// e^x for x clamped to [−87, 88], where 2^n stays a normal float; outside it the sigmoid has already
    /// saturated (to exactly 1, or to within 1e−38 of 0), so the clamp changes no gate by more than that. NaN propagates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(-87f)), Vector256.Create(88f));
        x = Vector256.ConditionalSelect(Vector256.Equals(x, x), clamped, x);
        var n = Vector256.Floor(x * Vector256.Create(1.44269504088896341f) + Vector256.Create(0.5f));
        // ln 2 = 0.693359375 − 2.12194440e−4: the first part has few mantissa bits, so n·C1 is exact.
        var r = x - n * Vector256.Create(0.693359375f) + n * Vector256.Create(2.12194440e-4f);
        var p = Vector256.Create(1.9875691500e-4f);
        p = p * r + Vector256.Create(1.3981999507e-3f);
        p = p * r + Vector256.Create(8.3334519073e-3f);
        p = p * r + Vector256.Create(4.1665795894e-2f);
        p = p * r + Vector256.Create(1.6666665459e-1f);
        p = p * r + Vector256.Create(5.0000001201e-1f);
        var er = p * (r * r) + r + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return er * scale;
    }

    /// <summary>True when the 256-bit path runs in hardware; otherwise the kernels use their scalar loop.</summary>
    public static bool Vectorized => Vector256.IsHardwareAccelerated;

    public const int Width = 8;
}
