using System.Text.Json;
using Recur.LanguageModels;
using Recur.Optim.Schedules;
using Recur.Tests.Cli;
using Recur.Training;

namespace Recur.Tests.LanguageModels;

/// <summary>Word-level recurrent LMs: vocabulary with &lt;unk&gt; and &lt;/s&gt;, Zaremba's recipe, exact resume.</summary>
public class WordLmTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    static string Sentences(int count, ulong seed)
    {
        var g = new Generator(seed);
        string[] a = ["the cat", "a dog", "my old friend", "the bird"], b = ["sees", "likes", "eats", "finds"], c = ["fish", "the ball", "bread", "a stick"];
        return string.Concat(Enumerable.Range(0, count).Select(_ => $"{a[g.NextInt(4)]} {b[g.NextInt(4)]} {c[g.NextInt(4)]}\n"));
    }

    [Fact]
    public void CorpusMapsUnseenValidationWordsToUnkAndEndsLinesWithEos()
    {
        var corpus = LmCorpus.Build(LmLevel.Word, "a b\nb c\n", "a z\n", 0.1, "t.txt");
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "b", "a", "c"], corpus.Words!.Tokens);
        Assert.Equal([5, 4, 3, 4, 6, 3, 3], corpus.Train);   // a b </s> b c </s>, then the empty last line's </s>
        Assert.Equal([5, 1, 3, 3], corpus.Validation);
        Assert.Equal(1, corpus.ValidationUnknown);
    }

    [Fact]
    public void EpochDecayFollowsZarembasScheduleExactly()
    {
        var schedule = new EpochDecayLr(1.0, StepsPerEpoch: 10, Factor: 0.5, FullRateEpochs: 4);
        Assert.Equal([1, 1, 1, 1, 0.5, 0.25, 0.125], Enumerable.Range(0, 7).Select(e => schedule.LearningRate(e * 10 + 9)));
        Assert.Equal(0.5, schedule.LearningRate(40));
    }

    [Fact]
    public void PresetIsTheBaselineAndGivenFlagsOverrideIt()
    {
        string train = fixture.PathOf("words-train.txt"), valid = fixture.PathOf("words-valid.txt"), dir = fixture.PathOf("preset");
        File.WriteAllText(train, Sentences(400, 1));
        File.WriteAllText(valid, Sentences(50, 2));
        var (code, output, err) = LmCliFixture.Run("lm", "train", "--preset", "zaremba-small", "--text", train, "--valid", valid, "--out", dir,
            "--hidden", "24", "--embedding", "24", "--epochs", "6", "--batch-size", "4", "--optimizer", "adam", "--lr", "0.01", "--clip", "5");
        Assert.True(code == 0, err);
        Assert.Contains("vocabulary 20 words", output);
        Assert.Contains("nats/word", output);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "checkpoint.json")));
        var s = json.RootElement.GetProperty("settings");
        Assert.Equal("word", s.GetProperty("level").GetString());
        Assert.Equal("adam", s.GetProperty("optimizer").GetString());
        Assert.Equal(0.5, s.GetProperty("lr_decay").GetDouble());
        Assert.Equal(24, s.GetProperty("hidden").GetInt32());
        Assert.Equal(20, s.GetProperty("seq_length").GetInt32());
        Assert.Equal(0.1, s.GetProperty("init_range").GetDouble());
        Assert.Equal(6, json.RootElement.GetProperty("progress").GetProperty("epoch").GetInt32());
        // The grammar allows 64 sentences of about 6 tokens: perplexity about 2 is reachable, unigram statistics give about 14.
        double perplexity = json.RootElement.GetProperty("trainer").GetProperty("last_metrics").GetProperty("perplexity").GetDouble();
        Assert.True(perplexity < 4, $"validation perplexity {perplexity:F2}");
        // eval counts what ngram eval counts: every word and every line's </s>; unseen words are <unk> and OOVs.
        string test = fixture.PathOf("words-test.txt");
        File.WriteAllText(test, "the cat sees fish\nthe zebra eats bread\n");
        (code, output, err) = LmCliFixture.Run("lm", "eval", "--model", dir, "--text", test, "--json");
        Assert.True(code == 0, err);
        var eval = JsonDocument.Parse(output).RootElement;
        Assert.Equal(10, eval.GetProperty("tokens").GetInt64());
        Assert.Equal(1, eval.GetProperty("oov").GetInt64());
        Assert.InRange(eval.GetProperty("perplexity").GetDouble(), 1, 30);
        // Sampled sentences are made of the training words, and a small model trained briefly already puts one verb
        // in most of them (subject, verb, object, then </s>).
        (code, output, err) = LmCliFixture.Run("lm", "sample", "--model", dir, "--sentences", "20", "--temperature", "0.5", "--seed", "3");
        Assert.True(code == 0, err);
        var sentences = output.TrimEnd('\n').Split('\n');
        Assert.Equal(20, sentences.Length);
        string[] verbs = ["sees", "likes", "eats", "finds"];
        var known = File.ReadAllText(train).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.All(sentences, l => Assert.All(l.Split(' ', StringSplitOptions.RemoveEmptyEntries), w => Assert.Contains(w, known)));
        Assert.True(sentences.Count(l => l.Split(' ').Intersect(verbs).Count() == 1) >= 10, output);
        (code, output, err) = LmCliFixture.Run("lm", "sample", "--model", dir, "--sentences", "3", "--prime", "my old", "--greedy");
        Assert.True(code == 0, err);
        var greedy = output.TrimEnd('\n').Split('\n');
        Assert.Equal(3, greedy.Length);
        Assert.All(greedy, l => Assert.Equal(greedy[0], l));   // greedy: the same sentence each time
        Assert.StartsWith("my old ", greedy[0]);
        (code, _, err) = LmCliFixture.Run("lm", "inspect", "--model", dir, "--text", test);
        Assert.Equal(1, code);
        Assert.Contains("word-level model", err);
    }

    [Fact]
    public void InterruptedAndResumedWordRunEndsWithIdenticalWeights()
    {
        string text = Sentences(300, 3), validation = Sentences(30, 4), root = fixture.PathOf("word-resume");
        var settings = LmSettings.Presets["zaremba-small"] with
        {
            Hidden = 10, Embedding = 10, BatchSize = 8, SeqLength = 10, Epochs = null, Steps = 70, EvalEvery = 25, DecayAfter = 1, Dropout = 0.2f,
            Valid = "v.txt",
        };
        var straight = LmTraining.Create(settings, text, validation, Path.Combine(root, "straight"));
        Assert.True(straight.Task.StepsPerEpoch < 35, "the run must cross epochs so the decay and the stream wrap matter");
        straight.Run();

        string dir = Path.Combine(root, "resumed");
        using var cancel = new CancellationTokenSource();
        Assert.Equal(TrainingOutcome.Interrupted, LmTraining.Create(settings, text, validation, dir).Run(new ExactResumeTests.CancelAt(33, cancel), cancel.Token).Outcome);
        var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
        var resumed = LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint), text, validation, dir);
        Assert.Equal(TrainingOutcome.Finished, resumed.Run().Outcome);
        foreach (var (name, tensor) in straight.Task.Model.StateDict())
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(resumed.Task.Model.StateDict()[name].ToArray()), $"{name} differs after resume");
    }
}
