using Recur.Seq2Seq;
using Recur.Training;
using Recur.Translation;

namespace Recur.Tests.Translation;

/// <summary>
/// The translation task end to end on tiny synthetic pairs: an attention model learns to reverse and to copy
/// sequences perfectly on the shared trainer, and a resumed run continues exactly where the stopped one was.
/// </summary>
public class TranslationTrainingTests
{
    /// <summary>Sequences of 3–7 letters from a–f, and what <paramref name="map"/> makes of each.</summary>
    static TranslationTraining.Texts Pairs(int count, ulong seed, Func<string[], IEnumerable<string>> map)
    {
        var g = new Generator(seed);
        string[] Line() => Enumerable.Range(0, 3 + g.NextInt(5)).Select(_ => ((char)('a' + g.NextInt(6))).ToString()).ToArray();
        var train = Enumerable.Range(0, count).Select(_ => Line()).ToArray();
        var valid = Enumerable.Range(0, 100).Select(_ => Line()).ToArray();
        return new TranslationTraining.Texts(train.Select(l => string.Join(' ', l)).ToArray(), train.Select(l => string.Join(' ', map(l))).ToArray(), "src", "tgt",
            valid.Select(l => string.Join(' ', l)).ToArray(), valid.Select(l => string.Join(' ', map(l))).ToArray());
    }

    internal static readonly TranslationSettings Tiny = new()
    {
        Src = "src", Tgt = "tgt", MinCount = 1, Readout = 0, Tie = false, LabelSmoothing = 0, Embedding = 16, Hidden = 64, Dropout = 0, BatchSize = 32, LearningRate = 4e-3, Steps = 400, EvalEvery = 400, Threads = 1,
    };

    [Theory]
    [InlineData("reverse", AttentionKind.Bahdanau)]
    [InlineData("copy", AttentionKind.Bahdanau)]
    public void AnAttentionModelLearnsToReverseAndCopyPerfectly(string mapping, AttentionKind attention)
    {
        Func<string[], IEnumerable<string>> map = mapping == "reverse" ? l => l.Reverse() : l => l;
        // 800 steps: at 400, copying stopped between 65% and 100% of exact matches depending on the seed (a change in
        // the last bit of the gate math moved this seed to 65%); at 800 every seed tried (5, 7–11) was at 100%.
        var training = TranslationTraining.Create(Tiny with { Attention = attention, Steps = 800, EvalEvery = 800 }, Pairs(2000, 5, map), directory: null);
        var result = training.Run();
        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        Assert.Equal(1.0, result.LastMetrics!["exact_match"]);
        Assert.Equal(100.0, result.LastMetrics!["bleu"], 6);
    }

    [Fact]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne()
    {
        var texts = Pairs(300, 9, l => l.Reverse());
        var settings = Tiny with { Steps = 12, EvalEvery = 6, TeacherForcing = 0.7, Dropout = 0.2f };
        string dir = Path.Combine(Path.GetTempPath(), "recur-translate-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            var straight = TranslationTraining.Create(settings, texts, directory: null);
            straight.Run();
            var first = TranslationTraining.Create(settings with { Steps = 6 }, texts, dir);
            first.Run();
            var checkpoint = TrainingCheckpoint.Open(dir, TranslationTask.TaskName);
            var resumed = TranslationTraining.Resume(checkpoint, settings, texts, dir);
            resumed.Trainer.Restore(checkpoint);
            var result = resumed.Run();
            Assert.Equal(12, result.Step);
            var expected = straight.Task.Model.StateDict();
            foreach (var (name, value) in resumed.Task.Model.StateDict()) Assert.Equal(expected[name].ToArray(), value.ToArray());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ResumingOnOtherTextsIsRefused()
    {
        string dir = Path.Combine(Path.GetTempPath(), "recur-translate-other-" + Guid.NewGuid().ToString("N"));
        try
        {
            TranslationTraining.Create(Tiny with { Steps = 2, EvalEvery = 2 }, Pairs(200, 1, l => l), dir).Run();
            var checkpoint = TrainingCheckpoint.Open(dir, TranslationTask.TaskName);
            var e = Assert.Throws<TrainingSetupException>(() => TranslationTraining.Resume(checkpoint, Tiny, Pairs(200, 2, l => l), dir));
            Assert.Contains("are not the texts", e.Message);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void TheReadmeExampleTrainsLoadsAndTranslates()
    {
        string dir = Path.Combine(Path.GetTempPath(), "recur-translate-readme-" + Guid.NewGuid().ToString("N"));
        try
        {
            var texts = Pairs(60, 4, l => l.Reverse());
            var training = TranslationTraining.Create(new TranslationSettings { Src = "de", Tgt = "en", Attention = AttentionKind.LuongGeneral, Steps = 2, EvalEvery = 2, Threads = 1 },
                new TranslationTraining.Texts(texts.Source, texts.Target, "train.de", "train.en"), directory: dir);
            training.Run(progress: null, CancellationToken.None);
            var (translator, _, _) = TranslationTraining.Load(Path.Combine(dir, Trainer.BestDir));
            TranslationResult t = translator.Translate(["a b c"], new TranslationOptions { Beam = 5, ReturnAttention = true })[0];
            Assert.Equal((t.Tokens.Length + (t.Ended ? 1 : 0)) * 4, t.Attention!.Length);   // (output [+ </s>]) × (a, b, c, </s>)
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }
}
