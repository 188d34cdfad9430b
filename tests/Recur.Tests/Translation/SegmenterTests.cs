using Recur.Subwords;
using Recur.Translation;

namespace Recur.Tests.Translation;

/// <summary>The segmenters on hand-worked lines: word tokens and their typographic rejoining, characters, byte-pair pieces.</summary>
public class SegmenterTests
{
    [Theory]
    [InlineData("A man's hat, 3.5 meters (tall)!", "A|man|'s|hat|,|3.5|meters|(|tall|)|!")]
    [InlineData("Ein \"großer\" Hund-Welpe spielt.", "Ein|\"|großer|\"|Hund|-|Welpe|spielt|.")]
    [InlineData("It's 10,000 at 12:30?", "It|'s|10,000|at|12:30|?")]
    public void WordsSplitAndRejoin(string line, string tokens)
    {
        var segmenter = new WordSegmenter();
        var split = segmenter.Split(line);
        Assert.Equal(tokens.Split('|'), split);
        Assert.Equal(line, segmenter.Join(split));
    }

    [Fact]
    public void CharactersKeepSpacesAsVisibleTokens()
    {
        var segmenter = new CharacterSegmenter();
        var split = segmenter.Split("le 3 mai");
        Assert.Equal(8, split.Length);
        Assert.Equal("\u2581", split[2]);
        Assert.Equal("le 3 mai", segmenter.Join(split));
    }

    [Fact]
    public void BytePiecesRoundTripEvenUnseenCharacters()
    {
        var model = BpeTrainer.Train(["a dog runs", "two dogs run", "a cat sits"], new BpeTrainerOptions { VocabSize = 280, ByteFallback = true });
        var segmenter = new BpeSegmenter(model);
        var pieces = segmenter.Split("a dog sits ☃");
        Assert.Contains(pieces, p => p.StartsWith("<0x", StringComparison.Ordinal));   // the snowman was never seen: its UTF-8 bytes
        Assert.Equal("a dog sits ☃", segmenter.Join(pieces));
    }
}
