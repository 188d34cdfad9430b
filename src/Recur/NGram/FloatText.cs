using System.Runtime.CompilerServices;
using System.Globalization;

namespace Recur.NGram;

/// <summary>
/// Parses a decimal number to the nearest float, the same value <see cref="float.Parse(string, IFormatProvider)"/>
/// gives, but without its general machinery for the short plain decimals that fill ARPA files ("-1.8610572").
/// </summary>
internal static class FloatText
{
    const double SmallestNormalFloat = 1.1754943508222875e-38; // 2^−126

    static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    public static bool TryParse(ReadOnlySpan<char> text, out float value) =>
        TryParseShortDecimal(text, out value) ||
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Clinger's fast path (“How to read floating point numbers accurately”, PLDI 1990): when the digits form an
    /// integer m ≤ 2^53 and there are at most 22 after the point, m and 10^k are exact doubles, so the one division
    /// m / 10^k is the number correctly rounded to double. Rounding that double to float gives the number correctly
    /// rounded to float unless it lies exactly halfway between two floats, where the true number may sit on either
    /// side; that case, subnormals, overflow, exponents and anything else unusual return false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParseShortDecimal(ReadOnlySpan<char> text, out float value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        int digits = 0, scale = -1;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                if (mantissa >= 100_000_000_000_000_000UL) return false;
                mantissa = mantissa * 10 + digit;
                digits++;
                if (scale >= 0) scale++;
            }
            else if (text[i] == '.' && scale < 0) scale = 0;
            else return false;
        }
        scale = Math.Max(scale, 0);
        if (digits == 0 || mantissa > 1UL << 53 || scale >= PowersOfTen.Length) return false;
        double magnitude = mantissa / PowersOfTen[scale];
        // A double has 29 more significand bits than a float; exactly 1 followed by 28 zeros there is a float tie.
        if ((BitConverter.DoubleToUInt64Bits(magnitude) & 0x1FFF_FFFF) == 0x1000_0000) return false;
        if (magnitude != 0 && (magnitude < SmallestNormalFloat || magnitude > float.MaxValue)) return false;
        value = (float)(negative ? -magnitude : magnitude);
        return true;
    }
}
