using Recur.Embeddings.Corpus;
using Recur.Embeddings.GloVe;

namespace Recur.Tests.Embeddings;

public class GloVeTests
{
    [Fact]
    public void Counts_weight_each_pair_by_one_over_distance_both_ways()
    {
        // "a b c" and "c a" with window 2: (a,b) 1, (b,c) 1, (a,c) ½ from the first line, (c,a) 1 from the second.
        var corpus = EmbeddingCorpus.FromLines(["a b c", "c a"], minCount: 1);
        var x = CooccurrenceMatrix.FromCorpus(corpus, window: 2);
        int a = corpus.Words.ToList().IndexOf("a"), b = corpus.Words.ToList().IndexOf("b"), c = corpus.Words.ToList().IndexOf("c");
        Assert.Equal(1f, x[a, b]);
        Assert.Equal(1f, x[b, a]);
        Assert.Equal(1f, x[b, c]);
        Assert.Equal(1.5f, x[a, c]);
        Assert.Equal(1.5f, x[c, a]);
        Assert.Equal(0f, x[a, a]);
        Assert.Equal(6, x.Count);
        Assert.Equal(0.5f, CooccurrenceMatrix.FromCorpus(EmbeddingCorpus.FromLines(["a b c"], 1), 2)[0, 2]);
        Assert.Equal(0f, CooccurrenceMatrix.FromCorpus(EmbeddingCorpus.FromLines(["a b c"], 1), 1)[0, 2]);
    }

    [Fact]
    public void Weighting_function_of_the_paper()
    {
        Assert.Equal(Math.Pow(0.5, 0.75), GloVeTrainer.Weight(50, 100, 0.75), 15);
        Assert.Equal(1, GloVeTrainer.Weight(100, 100, 0.75));
        Assert.Equal(1, GloVeTrainer.Weight(1e6, 100, 0.75));
        Assert.Equal(0.01, GloVeTrainer.Weight(1, 100, 1), 15);
    }

    // One thread makes the run deterministic, so "falls every epoch" is a property of the optimiser, not of the
    // scheduler: with two Hogwild threads the last epochs sit on a plateau where racing updates may tick it up by 0.1%.
    [Fact]
    public void Loss_falls_every_epoch_on_one_thread_and_the_planted_groups_are_found()
    {
        var corpus = EmbeddingCorpus.FromLines(PlantedCorpus.Lines(), minCount: 1);
        var model = GloVeTrainer.Train(corpus, new GloVeOptions { Dimension = 16, Window = 5, Epochs = 25, XMax = 10, Threads = 1 });
        Assert.Equal(25, model.EpochLosses.Count);
        for (int e = 1; e < model.EpochLosses.Count; e++) Assert.True(model.EpochLosses[e] < model.EpochLosses[e - 1], $"epoch {e}: {model.EpochLosses[e]} ≥ {model.EpochLosses[e - 1]}");
        Assert.True(model.EpochLosses[^1] < model.EpochLosses[0] / 4);
        Assert.True(PlantedCorpus.NeighbourPrecision(model.ToWordVectors()) >= 0.95);
        var sum = model.ToWordVectors();
        Assert.Equal(model.Word[7] + model.Context[7], sum.Data[7]);
    }

    [Fact]
    public void Hogwild_threads_learn_the_planted_groups_as_well()
    {
        var corpus = EmbeddingCorpus.FromLines(PlantedCorpus.Lines(), minCount: 1);
        var model = GloVeTrainer.Train(corpus, new GloVeOptions { Dimension = 16, Window = 5, Epochs = 25, XMax = 10, Threads = 2 });
        Assert.True(model.EpochLosses[^1] < model.EpochLosses[0] / 4, $"{model.EpochLosses[^1]} against {model.EpochLosses[0]}");
        Assert.True(model.EpochLosses[12] < model.EpochLosses[0] / 2);
        Assert.True(PlantedCorpus.NeighbourPrecision(model.ToWordVectors()) >= 0.95);
    }
}
