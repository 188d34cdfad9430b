using System.Text.Json.Nodes;
using Recur.Speech;

namespace Recur.Tests.Speech;

public class CtcAlphabetTests
{
    [Fact]
    public void TheBlankIsClassZeroAndCharactersFollowInOrdinalOrder()
    {
        var alphabet = CtcAlphabet.FromTranscripts(["cab bad", "dé"]);
        Assert.Equal(["<blank>", " ", "a", "b", "c", "d", "é"], alphabet.Symbols);
        Assert.True(alphabet.HasSpace);
        Assert.True(alphabet.TryEncode("bad é", out var labels, out _));
        Assert.Equal([3, 2, 5, 1, 6], labels);
        Assert.Equal("bad é", alphabet.Decode(labels));
        Assert.Equal("ab", alphabet.Decode([0, 2, 0, 3, 0]));
        Assert.False(alphabet.TryEncode("bax", out _, out string unknown));
        Assert.Equal("x", unknown);
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("aab", 4)]
    [InlineData("aaa", 5)]
    [InlineData("abba", 5)]
    [InlineData("", 0)]
    public void MinimumFramesCountsABlankBetweenEqualNeighbours(string text, int frames)
    {
        var alphabet = CtcAlphabet.FromTranscripts(["abc"]);
        Assert.True(alphabet.TryEncode(text, out var labels, out _));
        Assert.Equal(frames, CtcAlphabet.MinimumFrames(labels));
    }

    [Fact]
    public void JsonRoundTripsAndMalformedJsonIsRefused()
    {
        var alphabet = CtcAlphabet.FromTranscripts(["hello world"]);
        Assert.Equal(alphabet.Symbols, CtcAlphabet.FromJson(JsonNode.Parse(alphabet.ToJson().ToJsonString())).Symbols);
        Assert.Throws<InvalidDataException>(() => CtcAlphabet.FromJson(JsonNode.Parse("{\"a\":1}")));
        Assert.Throws<InvalidDataException>(() => CtcAlphabet.FromJson(JsonNode.Parse("[\"a\", 3]")));
        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => CtcAlphabet.FromJson(JsonNode.Parse("[\"a\", \"a\"]"))).Message);
        Assert.Throws<InvalidDataException>(() => CtcAlphabet.FromJson(JsonNode.Parse("[\"ab\"]")));
    }

    [Fact]
    public void NormalizeCollapsesWhiteSpace() => Assert.Equal("yes no yes", CtcAlphabet.Normalize("  yes \t no   yes "));
}
