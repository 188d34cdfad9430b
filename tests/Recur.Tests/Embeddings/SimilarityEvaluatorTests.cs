using Recur.Embeddings;
using Recur.Embeddings.Evaluation;

namespace Recur.Tests.Embeddings;

public class SimilarityEvaluatorTests
{
    [Fact]
    public void Spearman_of_a_hand_worked_example_with_ties()
    {
        // y ranks: 5→1, 6→2, 7,7→3.5, 8→5. Deviations from 3: x −2 −1 0 1 2, y −2 −1 .5 2 .5;
        // Σxy = 8, Σx² = 10, Σy² = 9.5, ρ = 8/√95 = 0.820782681668123 (scipy.stats.spearmanr gives the same).
        double rho = SpearmanCorrelation.Compute([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
        Assert.Equal(8 / Math.Sqrt(95), rho, 12);
        Assert.Equal([1, 2, 3.5, 5, 3.5], SpearmanCorrelation.Ranks([5, 6, 7, 8, 7]));
        Assert.Equal(-1, SpearmanCorrelation.Compute([1, 2, 3], [9, 4, 1]), 12);
    }

    [Fact]
    public void Pairs_with_an_unknown_word_are_left_out_and_counted()
    {
        var v = new WordVectors(["a", "b", "c", "d"], 2, [1, 0, 0.8f, 0.6f, 0, 1, -1, 0]);
        // cos: a–b .8, a–c 0, a–d −1: in the human order, so ρ = 1 over the three found pairs.
        WordPair[] pairs = [new("a", "b", 9), new("A", "c", 5), new("a", "d", 1), new("a", "zebra", 4)];
        var result = SimilarityEvaluator.Evaluate(v, pairs, "toy");
        Assert.Equal(new SimilarityResult("toy", 4, 3, 1.0), result with { Spearman = Math.Round(result.Spearman, 12) });
        Assert.Equal(0.75, result.Coverage);
    }
}
