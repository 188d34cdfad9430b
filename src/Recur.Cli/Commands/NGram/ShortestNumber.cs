using System.Globalization;

namespace Recur.Cli.Commands.NGram;

/// <summary>
/// Numbers as KenLM's <c>query</c> prints them (double-conversion's <c>ToShortest</c> with decimal notation for
/// decimal exponents −6..20 and <c>1e-7</c> style outside): the shortest digits that read back to the same value.
/// .NET's round-trip format gives the same digits but switches to "E" notation at other exponents, so the digits
/// are laid out again here.
/// </summary>
internal static class ShortestNumber
{
    public static string Format(float value) => Layout(value.ToString("R", CultureInfo.InvariantCulture), float.IsFinite(value), value < 0);

    public static string Format(double value) => Layout(value.ToString("R", CultureInfo.InvariantCulture), double.IsFinite(value), value < 0);

    static string Layout(string roundTrip, bool finite, bool negative)
    {
        if (!finite) return roundTrip == "NaN" ? "NaN" : negative ? "-inf" : "inf";
        string s = roundTrip.TrimStart('-');
        int exponent = 0, e = s.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        string digits = s.Replace(".", "");
        int point = (dot < 0 ? s.Length : dot) + exponent; // digits before the decimal point
        int lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= lead;
        if (digits.Length == 0) return negative ? "-0" : "0";
        string sign = negative ? "-" : "";
        int scientific = point - 1;
        if (scientific < -6 || scientific > 20)
            return $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{scientific.ToString(CultureInfo.InvariantCulture)}";
        if (point <= 0) return $"{sign}0.{new string('0', -point)}{digits}";
        if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length);
        return $"{sign}{digits[..point]}.{digits[point..]}";
    }
}
