using Recur.Data;
using Recur.LanguageModels;
using Recur.Optim;
using Recur.Tests.Autograd;
using Recur.Training;

namespace Recur.Tests.LanguageModels;

/// <summary>Bengio et al.'s NPLM: gradients, learning, and exact resume of its shuffled minibatches through the shared trainer.</summary>
public class NplmTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-nplm-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Sentences of a tiny grammar: subject verb object, so the previous two words predict the next well.</summary>
    static string[] Sentences(int count, ulong seed)
    {
        var g = new Generator(seed);
        string[] subjects = ["the cat", "a dog", "my friend", "the bird"], verbs = ["sees", "likes", "eats", "finds"], objects = ["fish", "the ball", "bread", "a stick"];
        return Enumerable.Range(0, count).Select(_ => $"{subjects[g.NextInt(4)]} {verbs[g.NextInt(4)]} {objects[g.NextInt(4)]}").ToArray();
    }

    static (NplmTask Task, Trainer Trainer) Make(TrainerOptions options, bool direct = true)
    {
        var vocabulary = TokenVocabulary.Build([LmCorpus.WordStream(Sentences(300, 1))]);
        long unknown = 0;
        int[] Encode(string[] lines) => vocabulary.Encode(LmCorpus.WordStream(lines).ToArray(), ref unknown);
        var generator = new Generator(7);
        var model = new NeuralProbabilisticLm(new NplmConfig(vocabulary.Count, Context: 2, EmbeddingSize: 8, HiddenSize: 16, DirectConnections: direct), generator);
        var task = new NplmTask(model, vocabulary, Encode(Sentences(300, 1)), Encode(Sentences(40, 2)), batchSize: 32, shuffleSeed: 11);
        return (task, new Trainer(task, new Adam(model.Parameters(), 0.01), options, generator));
    }

    [Fact]
    public void GradientsOfTheWholeModelMatchFiniteDifferences()
    {
        var model = new NeuralProbabilisticLm(new NplmConfig(7, Context: 3, EmbeddingSize: 3, HiddenSize: 4, DirectConnections: true), new Generator(4));
        int[] contexts = [1, 2, 3, 4, 5, 6], targets = [0, 6];
        var parameters = model.Parameters().ToArray();
        GradientCheck.Assert(_ => Recur.Nn.Functional.CrossEntropy(model.Forward(contexts, 2), targets), parameters);
        Assert.Equal(["emb.weight", "hidden.weight", "hidden.bias", "out.weight", "out.bias", "direct.weight"], model.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void LearnsTheGrammarFarBelowTheUniformPerplexity()
    {
        var (task, trainer) = Make(new TrainerOptions { Budget = new(Epochs: 6), EvalEachEpoch = true, EvalEvery = 1_000_000 });
        var result = trainer.Run();
        double perplexity = result.LastMetrics!["perplexity"];
        // 18 word types, but after two words of context at most 4 continuations are possible.
        Assert.True(perplexity < 4.5, $"validation perplexity {perplexity:F2}");
        Assert.Equal(6, result.Epoch);
    }

    [Fact]
    public void InterruptedAndResumedRunEndsWithIdenticalWeights()
    {
        var options = new TrainerOptions { Budget = new(Steps: 90), EvalEvery = 25 };   // 37 batches per epoch: two reshuffles inside the run
        var (straightTask, straight) = Make(options with { Directory = Path.Combine(root, "straight") });
        straight.Run();

        string dir = Path.Combine(root, "resumed");
        using var cancel = new CancellationTokenSource();
        var (_, first) = Make(options with { Directory = dir });
        Assert.Equal(TrainingOutcome.Interrupted, first.Run(new ExactResumeTests.CancelAt(41, cancel), cancel.Token).Outcome);
        var (task, second) = Make(options with { Directory = dir, Budget = null });
        second.Restore(TrainingCheckpoint.Open(dir, NplmTask.TaskName));
        Assert.Equal(TrainingOutcome.Finished, second.Run().Outcome);
        Assert.Equal(90, second.Step);
        foreach (var ((name, p), (_, q)) in straightTask.Model.NamedParameters().Zip(task.Model.NamedParameters()))
            Assert.True(p.ToArray().AsSpan().SequenceEqual(q.ToArray()), $"{name} differs after resume");
    }
}
