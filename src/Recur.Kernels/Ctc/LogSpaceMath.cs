using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Ctc;

/// <summary>
/// exp and ln over four doubles for the CTC recursions, where .NET's Vector256.Exp/Log measured slower than a scalar
/// Math.Exp loop. Both serve bounded arguments only: <see cref="Exp"/> clamps to [−700, 700] (below −700 the
/// result, about 1e-304, is nothing beside the 1 that every log-sum-exp also holds); <see cref="LogOneToThree"/>
/// takes a sum of three exponentials of which the largest is 1, so v ∈ [1, 3]. Relative errors stay below 1e-11 (checked
/// against Math.Exp/Math.Log in the tests), which over T = 1000 steps moves a log-probability by
/// at most about 1e-8: far inside the 1e-5 asked of losses and gradients, for a third fewer multiply-adds.
/// </summary>
public static class LogSpaceMath
{
    /// <summary>ln(eᵃ + eᵇ) for one pair, exact when either is −∞ (scalar: the recursions' ends, the reference, the decoders).</summary>
    public static double LogAdd(double a, double b)
    {
        if (a < b) (a, b) = (b, a);
        if (double.IsNegativeInfinity(b)) return a;
        return a + Math.Log(1 + Math.Exp(b - a));
    }

    const double Log2E = 1.4426950408889634, Ln2Hi = 0.693147180369123816490, Ln2Lo = 1.90821492927058770002e-10;
    const double RoundMagic = 6755399441055744.0;   // 1.5·2^52: adding it rounds to an integer held in the low mantissa bits

    /// <summary>e^x: x = k·ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor series to r^9 (relative error below 1e-11), times 2^k built in the exponent bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-700.0)), Vector256.Create(700.0));
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundMagic));
        var k = t - Vector256.Create(RoundMagic);
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Lo), r);
        var p = Vector256.Create(1.0 / 362880);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 40320));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 5040));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 720));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 120));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 24));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0 / 6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(0.5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        p = Vector256.FusedMultiplyAdd(p, r, Vector256<double>.One);
        // t's low bits hold k; k + 1023 shifted into the exponent field is 2^k (the magic's own bits shift out).
        var twoToK = Vector256.ShiftLeft(t.AsUInt64() + Vector256.Create(1023UL), 52).AsDouble();
        return p * twoToK;
    }

    /// <summary>
    /// ln v for v ∈ [1, 3]: v = 2^e·f with f ∈ [0.75, 1.5), ln f = 2·atanh(u), u = (f − 1)/(f + 1) ∈ [−1/7, 1/5], by its
    /// series to u^15 (u² ≤ 0.04: the first omitted term is below 1e-12).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogOneToThree(Vector256<double> v)
    {
        var big = Vector256.GreaterThanOrEqual(v, Vector256.Create(1.5));
        var f = Vector256.ConditionalSelect(big, v * Vector256.Create(0.5), v);
        var e = big & Vector256.Create(0.6931471805599453);
        var u = (f - Vector256<double>.One) / (f + Vector256<double>.One);
        var u2 = u * u;
        var p = Vector256.Create(1.0 / 15);
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256.Create(1.0 / 13));
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256.Create(1.0 / 11));
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256.Create(1.0 / 9));
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256.Create(1.0 / 7));
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256.Create(1.0 / 5));
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256.Create(1.0 / 3));
        p = Vector256.FusedMultiplyAdd(p, u2, Vector256<double>.One);
        return Vector256.FusedMultiplyAdd(u + u, p, e);
    }
}
