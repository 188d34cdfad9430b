using System.Globalization;
using Recur.NGram;

namespace Recur.Tests.NGram;

/// <summary>The ARPA number fast path against <see cref="float.Parse(string, IFormatProvider)"/>, the reference.</summary>
public class FloatTextTests
{
    static void AssertSameAsParse(string text)
    {
        float expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(FloatText.TryParse(text, out float actual), text);
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
            $"'{text}': parsed {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void ShortestTextOfRandomFloatsReadsBackBitForBit()
    {
        var rng = new Generator(11);
        int fast = 0;
        for (int i = 0; i < 20_000; i++)
        {
            // log10 probabilities and back-offs: mostly in (−8, 1), with some tiny and huge magnitudes.
            double magnitude = i % 10 == 0 ? Math.Pow(10, 40 * rng.NextDouble() - 20) : 8 * rng.NextDouble();
            float value = (float)(rng.NextDouble() < 0.8 ? -magnitude : magnitude);
            string text = value.ToString(CultureInfo.InvariantCulture);
            AssertSameAsParse(text);
            if (FloatText.TryParseShortDecimal(text, out _)) fast++;
        }
        Assert.True(fast > 15_000, $"only {fast} of 20000 took the fast path");
    }

    [Fact]
    public void RandomLongDecimalsRoundLikeParse()
    {
        var rng = new Generator(12);
        for (int i = 0; i < 20_000; i++)
        {
            int digits = 1 + rng.NextInt(17);
            var text = new System.Text.StringBuilder(rng.NextDouble() < 0.5 ? "-" : "");
            int point = rng.NextInt(digits + 1);
            for (int d = 0; d < digits; d++)
            {
                if (d == point) text.Append('.');
                text.Append((char)('0' + rng.NextInt(10)));
            }
            AssertSameAsParse(text.ToString());
        }
    }

    [Theory]
    // Exactly halfway between two floats (2^24 + 1 and 2^24 + 3): the fast path must leave ties to the reference.
    [InlineData("16777217", false)]
    [InlineData("-16777219", false)]
    [InlineData("16777217.0000001", true)]
    [InlineData("-0", true)]
    [InlineData("0.000", true)]
    [InlineData(".5", true)]
    [InlineData("7.", true)]
    [InlineData("+1.25", true)]
    [InlineData("1e-5", false)]
    [InlineData("1.5E3", false)]
    [InlineData("1e-45", false)]
    [InlineData("-99", true)]
    public void EdgeCasesAgreeWithParse(string text, bool fast)
    {
        AssertSameAsParse(text);
        Assert.Equal(fast, FloatText.TryParseShortDecimal(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("1-")]
    public void NonNumbersAreRejected(string text) => Assert.False(FloatText.TryParse(text, out _));
}
