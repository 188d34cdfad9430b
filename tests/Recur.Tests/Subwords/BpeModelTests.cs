using Recur.Subwords;

namespace Recur.Tests.Subwords;

/// <summary>Segmentation rules on hand-built vocabularies: score order, leftmost ties, user-defined and unused pieces, bad vocabularies.</summary>
public class BpeModelTests
{
    static BpeModel Model(params SubwordPiece[] extra) =>
        new([new("<unk>", 0, PieceType.Unknown), new("<s>", 0, PieceType.Control), new("</s>", 0, PieceType.Control),
             new("▁", -10), new("a", -11), new("b", -12), new("c", -13), .. extra]);

    [Fact]
    public void HigherScoresMergeFirstAndTiesGoLeft()
    {
        // "bc" outscores "ab", so "abc" becomes a + bc even though "ab" comes first in the text.
        var model = Model(new SubwordPiece("ab", -2), new SubwordPiece("bc", -1));
        Assert.Equal(["▁", "a", "bc"], model.Encode("abc"));
        // Of the two overlapping "aa" pairs in "aaa", the leftmost merges.
        var repeated = Model(new SubwordPiece("aa", -1));
        Assert.Equal(["▁", "aa", "a"], repeated.Encode("aaa"));
        Assert.Equal(["▁", "aa", "aa"], repeated.Encode("aaaa"));
    }

    [Fact]
    public void UserDefinedPiecesStayWholeAndNeverMerge()
    {
        var model = Model(new SubwordPiece("ab", -1), new SubwordPiece("▁a", -2), new SubwordPiece("<x>", 0, PieceType.UserDefined));
        Assert.Equal(["▁a", "<x>", "b"], model.Encode("a<x>b"));
        Assert.Equal(["▁", "ab"], model.Encode("ab"));
    }

    [Fact]
    public void UnusedPiecesAreSplitIntoTheirHalves()
    {
        // "ab" may only appear inside "abc"; on its own it is written as a + b.
        var model = Model(new SubwordPiece("ab", -1, PieceType.Unused), new SubwordPiece("abc", -2));
        Assert.Equal(["▁", "abc"], model.Encode("abc"));
        Assert.Equal(["▁", "a", "b"], model.Encode("ab"));
    }

    [Fact]
    public void UnknownRunsAreOnePieceAndDecodeAsThemselves()
    {
        var model = Model();
        Assert.Equal(["▁", "a", "жж", "b"], model.Encode("aжжb"));
        Assert.Equal([model.PieceToId("▁"), model.PieceToId("a"), model.UnknownId, model.PieceToId("b")], model.EncodeIds("aжжb"));
        Assert.Equal("aжжb", model.Decode(model.Encode("aжжb")));
        Assert.Equal("a \u2047 b", model.Decode(model.EncodeIds("aжжb")));
        Assert.Equal("", model.Decode([model.BosId, model.EosId]));
    }

    [Fact]
    public void APieceSpanningTwoWordsTurnsTheWordCacheOff()
    {
        var model = Model(new SubwordPiece("▁a", -1), new SubwordPiece("▁b", -2), new SubwordPiece("▁a▁b", -3));
        Assert.Equal(["▁a▁b"], model.Encode("a b"));
        Assert.Equal(["▁a▁b", "▁a"], model.Encode("a b a"));
    }

    [Theory]
    [InlineData("spm_bpe.model")]
    [InlineData("spm_bpe_bytes.model")]
    [InlineData("recur_bpe.model")]
    public void WordByWordSegmentationEqualsWholeSentences(string file)
    {
        var model = BpeModel.Load(Path.Combine(SentencePieceInteropTests.Folder, file));
        foreach (string line in SentencePieceInteropTests.Lines("test.txt").Concat(SentencePieceInteropTests.Lines("train.txt").Take(500)))
        {
            var raw = model.EncodeIdsWithoutWordCache(line);
            var cached = model.EncodeIds(line);
            Assert.Equal(raw, cached);
            Assert.Equal(cached, model.EncodeIds(line));   // a second time, from the cache
        }
    }

    [Fact]
    public void BadVocabulariesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new BpeModel([new SubwordPiece("a", 0)]));                                  // no <unk>
        Assert.Throws<ArgumentException>(() => Model(new SubwordPiece("a", 0)));                                           // twice
        Assert.Throws<ArgumentException>(() => Model(new SubwordPiece("", 0)));                                            // empty
        Assert.Throws<ArgumentException>(() => new BpeModel([new("<unk>", 0, PieceType.Unknown)], byteFallback: true));  // no bytes
        Assert.Throws<ArgumentOutOfRangeException>(() => Model().Encode("a", dropout: 1));
        Assert.Throws<ArgumentNullException>(() => Model().Encode("a", dropout: 0.5));
    }
}
