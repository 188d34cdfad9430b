using Recur.LanguageModels;

namespace Recur.Tests.LanguageModels;

public class TextStreamsTests
{
    [Fact]
    public void ChunksAreTimeMajorSlicesOfContiguousStreams()
    {
        // 21 tokens in 2 streams: L = 10, row 0 = 0..9, row 1 = 10..19, token 20 dropped.
        var s = new TextStreams(Enumerable.Range(0, 21).ToArray(), batchSize: 2);
        Assert.Equal(10, s.Length);
        var (x, y, T) = s.Chunk(0, 3);
        Assert.Equal(3, T);
        Assert.Equal([0, 10, 1, 11, 2, 12], x);
        Assert.Equal([1, 11, 2, 12, 3, 13], y);
        Assert.True(s.HasFullChunk(6, 3));
        Assert.False(s.HasFullChunk(7, 3));
        // The last chunk is shortened so that every target stays inside its stream.
        var (x2, y2, T2) = s.Chunk(7, 3);
        Assert.Equal(2, T2);
        Assert.Equal([7, 17, 8, 18], x2);
        Assert.Equal([8, 18, 9, 19], y2);
    }

    [Fact]
    public void SplitMatchesPythonsIntOfNinetyPercent()
    {
        // Tiny Shakespeare has 1,115,394 characters: int(0.9 * 1115394) = int(1003854.6) = 1003854.
        var (train, val) = TextStreams.Split(new int[1_115_394], 0.1);
        Assert.Equal(1_003_854, train.Length);
        Assert.Equal(111_540, val.Length);
        var (t2, v2) = TextStreams.Split(Enumerable.Range(0, 10).ToArray(), 0.25);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], t2);
        Assert.Equal([7, 8, 9], v2);
    }

    [Fact]
    public void TooFewTokensForTheBatchAreRefused() =>
        Assert.Throws<ArgumentException>(() => new TextStreams(new int[7], batchSize: 4));
}
