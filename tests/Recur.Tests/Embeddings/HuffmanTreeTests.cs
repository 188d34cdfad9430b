using Recur.Embeddings.Word2Vec;

namespace Recur.Tests.Embeddings;

public class HuffmanTreeTests
{
    [Fact]
    public void Codes_of_a_hand_worked_count_list()
    {
        // Counts 5, 3, 2, 1 (words 0..3). Merges: {3,2} → n4 (3); {n4, 1} → n5 (6) (the tie 3 = 3 goes to the inner
        // node, as in word2vec.c); {0, n5} → root n6 (11). Second-picked child gets code 1. Rows are node − 4.
        var tree = new HuffmanTree([5, 3, 2, 1]);
        Assert.Equal([2], tree.Path(0).ToArray());
        Assert.Equal([0], tree.Code(0).ToArray());
        Assert.Equal([2, 1], tree.Path(1).ToArray());
        Assert.Equal([1, 1], tree.Code(1).ToArray());
        Assert.Equal([2, 1, 0], tree.Path(2).ToArray());
        Assert.Equal([1, 0, 1], tree.Code(2).ToArray());
        Assert.Equal([2, 1, 0], tree.Path(3).ToArray());
        Assert.Equal([1, 0, 0], tree.Code(3).ToArray());
    }

    [Fact]
    public void Code_lengths_are_optimal_and_prefix_free()
    {
        long[] counts = [40, 20, 20, 10, 5, 3, 1, 1];
        var tree = new HuffmanTree(counts);
        var codes = Enumerable.Range(0, counts.Length).Select(w => string.Concat(tree.Code(w).ToArray().Select(b => (char)('0' + b)))).ToArray();
        for (int i = 0; i < codes.Length; i++)
            for (int j = 0; j < codes.Length; j++)
                if (i != j) Assert.False(codes[j].StartsWith(codes[i], StringComparison.Ordinal));
        // Huffman's cost equals the sum of the inner nodes' counts: 2+5+10+20+40+60+100 = 238 (merged by hand).
        Assert.Equal(2 + 5 + 10 + 20 + 40 + 60 + 100, Enumerable.Range(0, counts.Length).Sum(w => counts[w] * codes[w].Length));
    }

    [Fact]
    public void Unsorted_counts_are_refused() =>
        Assert.Throws<ArgumentException>(() => new HuffmanTree([1, 5]));
}
