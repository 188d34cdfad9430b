using Recur.NGram;

namespace Recur.Tests.NGram;

/// <summary><see cref="TextLines"/> against <see cref="TextReader.ReadLine"/>, the reference, on every line ending.</summary>
public class TextLinesTests
{
    static void AssertSameAsReadLine(string text)
    {
        var expected = new List<string>();
        var reader = new StringReader(text);
        while (reader.ReadLine() is { } line) expected.Add(line);

        var lines = new TextLines(new StringReader(text));
        var actual = new List<string>();
        while (lines.TryRead(out var line))
        {
            actual.Add(line.ToString());
            Assert.Equal(actual.Count, lines.Number);
        }
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\r\nb\rc\n\nd")]
    [InlineData("\r")]
    [InlineData("\r\n\r\n")]
    [InlineData("x\r")]
    public void SplitsAsReadLineDoes(string text) => AssertSameAsReadLine(text);

    [Fact]
    public void LinesLongerThanTheBufferAndEndingsAcrossBlocksSurvive()
    {
        // Random lines up to 3 blocks long, with every kind of ending, so some "\r\n" straddle a refill.
        var rng = new Generator(5);
        var text = new System.Text.StringBuilder();
        string[] endings = ["\n", "\r", "\r\n"];
        while (text.Length < 600_000)
        {
            int length = rng.NextDouble() < 0.01 ? rng.NextInt(200_000) : rng.NextInt(40);
            text.Append('x', length).Append(endings[rng.NextInt(3)]);
        }
        AssertSameAsReadLine(text.ToString());
        // "\r" the last character of the first block, its "\n" the first of the next.
        AssertSameAsReadLine(new string('x', (1 << 16) - 1) + "\r\nb");
        AssertSameAsReadLine(new string('x', (1 << 16) - 1) + "\r");
    }
}
