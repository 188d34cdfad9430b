using Recur.Embeddings;
using Recur.Embeddings.Bias;
using Recur.Embeddings.Corpus;
using Recur.Embeddings.Evaluation;
using Recur.Embeddings.Formats;
using Recur.Embeddings.GloVe;
using Recur.Embeddings.Word2Vec;

namespace Recur.Tests.Embeddings;

/// <summary>The README's embeddings example, run as written on a small generated corpus.</summary>
public sealed class EmbeddingsReadmeExampleTests : IDisposable
{
    readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("recur-embed-readme-");

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void Example_runs()
    {
        string corpusPath = Path.Combine(temp.FullName, "corpus.txt"), vecPath = Path.Combine(temp.FullName, "vectors.vec");
        string questionsPath = Path.Combine(temp.FullName, "questions-words.txt"), pairsPath = Path.Combine(temp.FullName, "EN-WS-353-ALL.txt");
        File.WriteAllLines(corpusPath, PlantedCorpus.Lines(sentences: 600));
        File.WriteAllLines(questionsPath, [": capital", "aaw1 aaw2 bbw1 bbw2"]);
        File.WriteAllLines(pairsPath, ["aaw1\taaw2\t9", "aaw1\tbbw2\t1", "ccw0\tccw1\t8"]);

        var corpus = EmbeddingCorpus.Read(corpusPath, minCount: 5);
        var model = Word2VecTrainer.Train(corpus, new Word2VecOptions { MaxN = 6, Threads = 2, Dimension = 16, Buckets = 10_000, Sample = 0 });
        WordVectors vectors = model.ToWordVectors();
        WordVectorsFile.Save(vecPath, vectors);
        float[] oov = model.WordVector("aaw9");
        var analogy = AnalogyEvaluator.Evaluate(vectors, AnalogyQuestions.Read(questionsPath), restrict: 30_000);
        var ws353 = SimilarityEvaluator.Evaluate(vectors, WordPairs.Read(pairsPath), "WS-353");
        var unit = vectors.Normalized();
        var answer = NearestNeighbors.Query(unit, "aaw1 - aaw2 + bbw1", k: 5);
        var g = GenderDirection.Compute(unit, [("aaw0", "bbw0"), ("aaw1", "bbw1")]);
        var debiased = HardDebias.Apply(unit, g.Direction, BiasWordLists.GenderSpecific, BiasWordLists.EqualizePairs);
        var glove = GloVeTrainer.Train(corpus, new GloVeOptions { Dimension = 16, Epochs = 3 }).ToWordVectors();

        Assert.Equal(vectors.Data.ToArray(), WordVectorsFile.Load(vecPath).Data.ToArray());
        Assert.Contains(oov, x => x != 0);
        Assert.Equal(1, analogy[0].Overall.Answered);
        Assert.Equal(3, ws353.Found);
        Assert.StartsWith("bb", answer[0].Word);
        Assert.Equal(2, g.PairsUsed);
        Assert.Equal(vectors.Count, debiased.Count);
        Assert.Equal(vectors.Count, glove.Count);
    }
}
