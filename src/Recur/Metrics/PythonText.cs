// Python's string conventions that sacreBLEU's scores depend on: what str.split() treats as whitespace, and how
// f"{x:.Nf}" rounds (to the nearest decimal of the exact binary value, ties to even).
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Recur.Metrics;

internal static class PythonText
{
    /// <summary>Python's <c>str.isspace</c> for one UTF-16 unit: .NET's whitespace plus the four separators U+001C–U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary><c>str.split()</c> with no argument: runs of whitespace separate, leading and trailing runs yield nothing.</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSpace(text[i])) i++;
            int start = i;
            while (i < text.Length && !IsSpace(text[i])) i++;
            if (i > start) words.Add(text[start..i]);
        }
        return words;
    }

    /// <summary><c>str.rstrip()</c>.</summary>
    public static string TrimEnd(string text)
    {
        int end = text.Length;
        while (end > 0 && IsSpace(text[end - 1])) end--;
        return end == text.Length ? text : text[..end];
    }

    /// <summary>
    /// <c>f"{value:.{digits}f}"</c>: the exact binary value rounded to <paramref name="digits"/> decimals, halves to
    /// even. .NET's "F" format rounds exact halves away from zero (62.25 → "62.3" where Python prints "62.2").
    /// </summary>
    public static string Fixed(double value, int digits)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        // value = mantissa · 2^shift exactly.
        BigInteger mantissa = exponent == 0 ? fraction : fraction | (1L << 52);
        int shift = (exponent == 0 ? 1 : exponent) - 1075;
        BigInteger scaled = mantissa * BigInteger.Pow(10, digits);
        BigInteger rounded;
        if (shift >= 0) rounded = scaled << shift;
        else
        {
            BigInteger denominator = BigInteger.One << -shift;
            rounded = BigInteger.DivRem(scaled, denominator, out var remainder);
            int half = (remainder * 2).CompareTo(denominator);
            if (half > 0 || (half == 0 && !rounded.IsEven)) rounded += 1;
        }
        string integerDigits = rounded.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var text = new StringBuilder();
        if (negative) text.Append('-');
        text.Append(integerDigits, 0, integerDigits.Length - digits);
        if (digits > 0) text.Append('.').Append(integerDigits, integerDigits.Length - digits, digits);
        return text.ToString();
    }

    /// <summary>The code points of <paramref name="text"/> as strings (Python indexes strings by code point, not UTF-16 unit).</summary>
    public static int[] CodePointStarts(string text)
    {
        var starts = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            starts.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        starts.Add(text.Length);
        return [.. starts];
    }
}
