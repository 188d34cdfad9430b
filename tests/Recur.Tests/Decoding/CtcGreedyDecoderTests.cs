using Recur.Decoding;

namespace Recur.Tests.Decoding;

public class CtcGreedyDecoderTests
{
    static readonly string[] Alphabet = ["_", "a", "b"];

    static int[] Greedy(string path, out int[] frames) =>
        CtcGreedyDecoder.Decode(CtcEmissions.Frames(Alphabet, CtcEmissions.Spell(path)), 3, 0, out frames);

    [Theory]
    [InlineData("aa_a", "1,1", "0,3")]
    [InlineData("__ab__", "1,2", "2,3")]
    [InlineData("abba", "1,2,1", "0,1,3")]
    [InlineData("a__a_b", "1,1,2", "0,3,5")]
    [InlineData("____", "", "")]
    [InlineData("", "", "")]
    public void CollapsesRepeatsAndDropsBlanks(string path, string tokens, string frames)
    {
        var result = Greedy(path, out var starts);
        Assert.Equal(tokens, string.Join(",", result));
        Assert.Equal(frames, string.Join(",", starts));
        Assert.Equal(result, CtcGreedyDecoder.Decode(CtcEmissions.Frames(Alphabet, CtcEmissions.Spell(path)), 3));
    }

    [Fact]
    public void ABlankOtherThanClassZeroIsHonoured()
    {
        // Class 2 as the blank: the path b a a b a reads "a a"'s first run, then a new run after the blank.
        var logProbs = CtcEmissions.Frames(Alphabet, CtcEmissions.Spell("baaba"));
        Assert.Equal([1, 1], CtcGreedyDecoder.Decode(logProbs, 3, blank: 2));
    }

    [Fact]
    public void BadShapesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => CtcGreedyDecoder.Decode(new float[7], 3));
        Assert.Contains("7 values", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CtcGreedyDecoder.Decode(new float[6], 3, blank: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => CtcGreedyDecoder.Decode(new float[6], 0));
    }
}
