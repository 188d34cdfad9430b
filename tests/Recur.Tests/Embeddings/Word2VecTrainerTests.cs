using Recur.Embeddings.Corpus;
using Recur.Embeddings.Word2Vec;

namespace Recur.Tests.Embeddings;

public class Word2VecTrainerTests
{
    static readonly EmbeddingCorpus Corpus = EmbeddingCorpus.FromLines(PlantedCorpus.Lines(), minCount: 1);

    static Word2VecOptions Small => new() { Dimension = 16, Epochs = 5, Sample = 0, Threads = 2, Seed = 3, NegativeTableSize = 100_000 };

    [Theory]
    [InlineData(Word2VecArchitecture.SkipGram, Word2VecLoss.NegativeSampling)]
    [InlineData(Word2VecArchitecture.Cbow, Word2VecLoss.NegativeSampling)]
    [InlineData(Word2VecArchitecture.SkipGram, Word2VecLoss.HierarchicalSoftmax)]
    [InlineData(Word2VecArchitecture.Cbow, Word2VecLoss.HierarchicalSoftmax)]
    public void Neighbours_are_the_planted_group(Word2VecArchitecture architecture, Word2VecLoss loss)
    {
        var model = Word2VecTrainer.Train(Corpus, Small with { Architecture = architecture, Loss = loss });
        Assert.True(PlantedCorpus.NeighbourPrecision(model.ToWordVectors()) >= 0.95);
    }

    [Fact]
    public void Untrained_vectors_do_not_find_the_groups()
    {
        // The same check on vectors after a learning rate too small to move them: chance is 4/39 per neighbour.
        var model = Word2VecTrainer.Train(Corpus, Small with { LearningRate = 1e-9, Epochs = 1 });
        Assert.True(PlantedCorpus.NeighbourPrecision(model.ToWordVectors()) < 0.5);
    }

    [Fact]
    public void Without_subwords_an_unknown_word_has_the_zero_vector()
    {
        var model = Word2VecTrainer.Train(Corpus, Small with { Epochs = 1 });
        Assert.All(model.WordVector("unseen"), x => Assert.Equal(0, x));
        Assert.Contains(model.WordVector("aaw1"), x => x != 0);
    }

    [Fact]
    public void One_thread_with_one_seed_gives_the_same_vectors()
    {
        var options = Small with { Threads = 1, Epochs = 1 };
        var first = Word2VecTrainer.Train(Corpus, options).ToWordVectors();
        var second = Word2VecTrainer.Train(Corpus, options).ToWordVectors();
        var third = Word2VecTrainer.Train(Corpus, options with { Seed = 4 }).ToWordVectors();
        Assert.Equal(first.Data.ToArray(), second.Data.ToArray());
        Assert.NotEqual(first.Data.ToArray(), third.Data.ToArray());
    }

    [Fact]
    public void Progress_counts_every_word_of_every_epoch_and_the_loss_falls()
    {
        var reports = new List<Recur.Embeddings.EmbeddingProgress>();
        var progress = new SynchronousProgress(reports);
        Word2VecTrainer.Train(Corpus, Small with { Epochs = 2 }, progress);
        var last = reports[^1];
        Assert.True(last.Finished);
        Assert.Equal(2L * Corpus.TokenCount, last.Done);
        Assert.True(last.PerSecondPerThread > 0);
        // Average negative-sampling loss of a random model is 6·log 2 ≈ 4.16; learned groups bring it well below.
        Assert.InRange(last.Loss, 0.1, 3.5);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => Word2VecTrainer.Train(Corpus, Small, cancellationToken: cancel.Token));
    }

    [Fact]
    public void Subword_model_builds_out_of_vocabulary_vectors_from_ngrams()
    {
        var model = Word2VecTrainer.Train(Corpus, Small with { MinN = 3, MaxN = 6, Buckets = 5000 });
        Assert.True(PlantedCorpus.NeighbourPrecision(model.ToWordVectors()) >= 0.9);
        // "aaw3x" is unseen; its vector is the mean of its n-gram rows, by definition.
        var oov = model.WordVector("aaw3x");
        var rows = new List<int>();
        Recur.Embeddings.FastText.CharNGrams.AddBuckets("aaw3x", 3, 6, 5000, rows);
        var expected = new float[model.Dimension];
        foreach (int r in rows)
            for (int k = 0; k < expected.Length; k++) expected[k] += model.Input[(model.Words.Count + r) * model.Dimension + k] / rows.Count;
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], oov[k], 1e-5f);
        // It shares "<aa", "aaw", "aw3", "<aaw"… with group a: it is closer to "aaw3" than to any word of group b.
        float Cos(float[] x, float[] y) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(x, y);
        Assert.True(Cos(oov, model.WordVector("aaw3")) > Cos(oov, model.WordVector("bbw3")));
    }

    sealed class SynchronousProgress(List<Recur.Embeddings.EmbeddingProgress> reports) : IProgress<Recur.Embeddings.EmbeddingProgress>
    {
        public void Report(Recur.Embeddings.EmbeddingProgress value) { lock (reports) reports.Add(value); }
    }
}
