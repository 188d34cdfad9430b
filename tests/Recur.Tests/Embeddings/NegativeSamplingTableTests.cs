using Recur.Embeddings.Word2Vec;

namespace Recur.Tests.Embeddings;

public class NegativeSamplingTableTests
{
    [Fact]
    public void Each_word_fills_its_share_of_count_to_the_three_quarters()
    {
        long[] counts = [81, 16, 1];   // ^0.75: 27, 8, 1 of 36
        var table = new NegativeSamplingTable(counts, size: 36_000);
        var filled = new int[3];
        for (int i = 0; i < table.Size; i++) filled[table[i]]++;
        Assert.Equal([27_000, 8_000, 1_000], filled);
    }

    [Fact]
    public void Samples_follow_the_table()
    {
        var table = new NegativeSamplingTable([81, 16, 1], size: 36_000);
        var random = new Generator(5);
        var drawn = new int[3];
        for (int i = 0; i < 360_000; i++) drawn[table.Sample(random.NextUInt64())]++;
        Assert.InRange(drawn[0], 268_000, 272_000);
        Assert.InRange(drawn[2], 9_400, 10_600);
    }
}
