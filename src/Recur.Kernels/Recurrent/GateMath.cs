using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Logistic sigmoid and tanh on one lane or one 256- or 512-bit vector, for the fused gate kernels. tanh is written as
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
    // Cephes expf, written once for the scalar, 256- and 512-bit forms. ln 2 = Ln2High − Ln2Low: Ln2High has few
    // mantissa bits, so n·Ln2High is exact. Every multiply-add is fused, in all three forms alike (so each lane keeps
    // the same bits at any width): the Horner chain is half as long, and a GRU step's gate kernel a quarter faster.
    const float ExpMin = -87f, ExpMax = 88f, Log2E = 1.44269504088896341f, Ln2High = 0.693359375f, Ln2Low = 2.12194440e-4f;
    const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f, P3 = 4.1665795894e-2f,
        P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => 2f * Sigmoid(2f * x) - 1f;

    /// <summary>
    /// The vector exp's steps on one float, so that a kernel's scalar tail gives each lane the bits its vector body
    /// would: a result then depends neither on the vector width nor on where a row's tail begins.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        if (!float.IsNaN(x)) x = MathF.Min(MathF.Max(x, ExpMin), ExpMax);
        float n = MathF.Floor(MathF.FusedMultiplyAdd(x, Log2E, 0.5f));
        float r = MathF.FusedMultiplyAdd(n, Ln2Low, MathF.FusedMultiplyAdd(-n, Ln2High, x));
        float p = MathF.FusedMultiplyAdd(P0, r, P1);
        p = MathF.FusedMultiplyAdd(p, r, P2);
        p = MathF.FusedMultiplyAdd(p, r, P3);
        p = MathF.FusedMultiplyAdd(p, r, P4);
        p = MathF.FusedMultiplyAdd(p, r, P5);
        float er = MathF.FusedMultiplyAdd(p, r * r, r) + 1f;
        return er * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
    }

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
        var clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpMin)), Vector256.Create(ExpMax));
        x = Vector256.ConditionalSelect(Vector256.Equals(x, x), clamped, x);
        var n = Vector256.Floor(Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(0.5f)));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(Ln2Low), Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2High), x));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        var er = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
        // n lies in [−125, 127] (x is clamped; a NaN lane stays NaN through er), so the plain conversion is exact.
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n) + Vector256.Create(127), 23).AsSingle();
        return er * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var two = Vector512.Create(2f);
        return two * Sigmoid(two * x) - Vector512<float>.One;
    }

    /// <summary>The 256-bit <see cref="Exp(Vector256{float})"/>, step for step, on 16 lanes: each lane gets the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpMin)), Vector512.Create(ExpMax));
        x = Vector512.ConditionalSelect(Vector512.Equals(x, x), clamped, x);
        var n = Vector512.Floor(Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(0.5f)));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(Ln2Low), Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2High), x));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        var er = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        // n lies in [−125, 127] (x is clamped; a NaN lane stays NaN through er), so the plain conversion is exact.
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n) + Vector512.Create(127), 23).AsSingle();
        return er * scale;
    }
}
