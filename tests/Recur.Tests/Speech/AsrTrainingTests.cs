using Recur.Decoding;
using Recur.Speech;
using Recur.Training;

namespace Recur.Tests.Speech;

/// <summary>
/// The recognition task end to end on the generated tone corpus: a small CTC model learns to transcribe held-out
/// utterances on the shared trainer, and a resumed run (SpecAugment and dropout on) ends with the weights of an
/// uninterrupted one.
/// </summary>
public class AsrTrainingTests
{
    internal static readonly AsrSettings Tiny = AsrSettings.Tones with { Hidden = 48, Layers = 1, BatchSize = 16, LearningRate = 1e-2, Steps = 240, EvalEvery = 240, Threads = 1 };

    static AsrTraining.Recordings Tones(int train, ulong seed) =>
        new(ToneCorpus.Generate(train, seed, heldOut: false), ToneCorpus.Generate(60, seed, heldOut: true), "tones");

    [Fact]
    public void ToneCorpusIsAFunctionOfTheSeed()
    {
        var a = ToneCorpus.Generate(5, 3, heldOut: false);
        var b = ToneCorpus.Generate(5, 3, heldOut: false);
        var held = ToneCorpus.Generate(5, 3, heldOut: true);
        Assert.Equal(a.Select(s => s.Transcript), b.Select(s => s.Transcript));
        Assert.Equal(a[2].Load().Samples, b[2].Load().Samples);
        Assert.NotEqual(a.Select(s => s.Transcript), held.Select(s => s.Transcript));
        Assert.All(a, s => Assert.Matches("^[a-h]+( [a-h]+)*$", s.Transcript));
    }

    [Fact]
    public void ASmallModelLearnsToTranscribeHeldOutToneUtterances()
    {
        var training = AsrTraining.Create(Tiny, Tones(800, 11), directory: null);
        var result = training.Run();
        Assert.Equal(TrainingOutcome.Finished, result.Outcome);
        var m = result.LastMetrics!;
        Assert.True(m["cer"] < 0.05, $"CER {m["cer"]:P2}, WER {m["wer"]:P2}");

        // The recogniser's greedy path and a prefix beam search agree on what the model learned.
        var recognizer = training.Task.Recognizer;
        var held = ToneCorpus.Generate(10, 99, heldOut: true);
        var clips = held.Select(s => s.Load()).ToArray();
        var greedy = recognizer.Transcribe(clips);
        var beam = recognizer.Transcribe(clips, new RecognitionOptions { Beam = 8, Search = new CtcBeamSearchOptions { Beta = 0 } });
        int right = greedy.Select((t, i) => t.Text == held[i].Transcript ? 1 : 0).Sum();
        Assert.True(right >= 8, $"{right} of 10 greedy transcripts exact");
        Assert.True(beam.Select((t, i) => t.Text == held[i].Transcript ? 1 : 0).Sum() >= right - 1);
        // A labelling's probability sums over all its alignments, so it is at least that of the best path alone.
        for (int i = 0; i < clips.Length; i++)
        {
            Assert.True(double.IsFinite(greedy[i].NBest[0].Score) && greedy[i].NBest[0].Score <= 0);
            if (beam[i].Text == greedy[i].Text) Assert.True(beam[i].NBest[0].AcousticLogProb >= greedy[i].NBest[0].AcousticLogProb - 1e-4);
        }

        // Forced alignment against the synthesiser's own word times: every cut between words falls in the pause
        // between them, the edge cuts in the leading and trailing silence, and each word's spikes inside the word or
        // its pause (a bidirectional model's spikes may come late, never early).
        int stack = recognizer.Model.Config.Stack, hop = recognizer.Features.HopSamples, multiWord = 0;
        for (int i = 0; i < held.Count; i++)
        {
            var truth = new List<(int Start, int End)>();
            var clip = ToneCorpus.Synthesize(held[i].Transcript, new Generator(500 + (ulong)i), truth);
            var features = recognizer.Features.Extract(clip);
            var alignment = recognizer.Align([features], [held[i].Transcript])[0]!;
            Assert.Equal(held[i].Transcript.Split(' '), alignment.Words.Select(w => w.Word));
            Assert.Equal(recognizer.Model.Config.OutputFrames(features.Length / recognizer.Features.Dimensions), alignment.Characters.Frames.Count);
            for (int k = 0; k < truth.Count; k++)
            {
                int spike = alignment.Words[k].StartFrame * stack * hop, next = k + 1 < truth.Count ? truth[k + 1].Start : clip.Samples.Length;
                Assert.InRange(spike, truth[k].Start - stack * hop, next);
                Assert.InRange(alignment.Words[k].Confidence, 0.0, 1.0);
            }
            var cuts = WordBoundaries.Find(alignment, recognizer.Features.Loudness(features), stack);
            Assert.NotNull(cuts);
            // A feature frame t covers samples from t·hop − window/2 (torchaudio's centred frames).
            int window = recognizer.Features.WindowSamples;
            for (int k = 0; k <= truth.Count; k++)
            {
                int after = k == 0 ? 0 : truth[k - 1].End, before = k == truth.Count ? clip.Samples.Length : truth[k].Start;
                Assert.InRange(cuts[k] * hop, after - window / 2, before + window / 2);
            }
            if (truth.Count > 1) multiWord++;
        }
        Assert.True(multiWord >= 3, $"{multiWord} held-out utterances with two or more words");
    }

    [Fact]
    public void UtterancesAreCutToWordRunsOnceTheModelTranscribesThemAndItStillLearns()
    {
        var training = AsrTraining.Create(Tiny with { CropWords = 0.5 }, Tones(800, 11), directory: null);
        var result = training.Run();
        var m = result.LastMetrics!;
        Assert.True(m["cer"] < 0.1, $"CER {m["cer"]:P2}, WER {m["wer"]:P2}");
        // Half the multi-word utterances drawn are chosen, and of those only the ones the model already transcribes are cut.
        Assert.InRange(training.Task.CutUtterances, 100, 1000);
    }

    [Fact]
    public void AResumedRunEndsWithTheWeightsOfAnUninterruptedOne()
    {
        var data = Tones(120, 5);
        var settings = Tiny with { Steps = 10, EvalEvery = 5, SpecAugment = true, Dropout = 0.2f, Layers = 2, Hidden = 16 };
        string dir = Path.Combine(Path.GetTempPath(), "recur-asr-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            var straight = AsrTraining.Create(settings, data, directory: null);
            straight.Run();
            AsrTraining.Create(settings with { Steps = 5 }, data, dir).Run();
            var checkpoint = TrainingCheckpoint.Open(dir, AsrTask.TaskName);
            var resumed = AsrTraining.Resume(checkpoint, settings, data, dir);
            var result = resumed.Run();
            Assert.Equal(10, result.Step);
            var expected = straight.Task.Model.StateDict();
            foreach (var (name, value) in resumed.Task.Model.StateDict()) Assert.Equal(expected[name].ToArray(), value.ToArray());

            var e = Assert.Throws<TrainingSetupException>(() => AsrTraining.Resume(checkpoint, settings, Tones(120, 6), dir));
            Assert.Contains("is not the data", e.Message);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void CorpusNormalisationStatisticsTravelWithTheModel()
    {
        string dir = Path.Combine(Path.GetTempPath(), "recur-asr-cmvn-" + Guid.NewGuid().ToString("N"));
        try
        {
            var data = Tones(40, 3);
            var training = AsrTraining.Create(Tiny with { Steps = 2, EvalEvery = 2, Hidden = 8, Normalize = FeatureNormalizationScope.Corpus }, data, dir);
            training.Run();
            var statistics = training.Task.Data.Features.Statistics!;
            // The training features, pooled, have mean 0 per dimension; one utterance on its own need not.
            var train = training.Task.Data.Train;
            int F = statistics.Dimensions;
            double pooled = train.SelectMany(u => u.Features.Where((_, i) => i % F == 0)).Average(v => (double)v);
            Assert.Equal(0, pooled, 1e-4);
            Assert.Contains(train, u => Math.Abs(u.Features.Where((_, i) => i % F == 0).Average()) > 0.05);

            var (loaded, settings) = AsrTraining.Load(dir);
            Assert.Equal(FeatureNormalizationScope.Corpus, settings.Normalize);
            Assert.Equal(statistics.Mean, loaded.Features.Statistics!.Mean);
            Assert.Equal(statistics.StandardDeviation, loaded.Features.Statistics!.StandardDeviation);
            var clip = data.Train[0].Load();
            Assert.Equal(train[0].Features, loaded.Features.Extract(clip));

            string manifest = Path.Combine(dir, "checkpoint.json");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
            json.Remove("normalization");
            File.WriteAllText(manifest, json.ToJsonString());
            var e = Assert.Throws<CheckpointException>(() => AsrTraining.Load(dir));
            Assert.Contains("normalise over the corpus", e.Message);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ACheckpointWhoseSettingsDescribeMoreWeightsThanItsFileHoldsIsRefusedBeforeBuilding()
    {
        string dir = Path.Combine(Path.GetTempPath(), "recur-asr-huge-" + Guid.NewGuid().ToString("N"));
        try
        {
            AsrTraining.Create(Tiny with { Steps = 1, EvalEvery = 1, Hidden = 8 }, Tones(40, 3), dir).Run();
            string manifest = Path.Combine(dir, "checkpoint.json");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
            json["settings"]!["hidden"] = 200_000;
            File.WriteAllText(manifest, json.ToJsonString());
            var e = Assert.Throws<CheckpointException>(() => AsrTraining.Load(dir));
            Assert.Contains("describe more weights", e.Message);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void SpeedPerturbationAddsTwoCopiesOfEachTrainingRecordingOnly()
    {
        var train = ToneCorpus.Generate(20, 4, heldOut: false);
        var valid = ToneCorpus.Generate(5, 4, heldOut: true);
        var plain = SpeechData.Build(Tiny, train, valid);
        var perturbed = SpeechData.Build(Tiny with { SpeedPerturb = true }, train, valid);
        Assert.Equal(3 * plain.Train.Count, perturbed.Train.Count);
        Assert.Equal(plain.Valid.Count, perturbed.Valid.Count);
        // Slower copies have more frames, faster ones fewer; the transcripts are the originals'.
        Assert.True(perturbed.Train[20].Frames > plain.Train[0].Frames && perturbed.Train[40].Frames < plain.Train[0].Frames);
        Assert.Equal(plain.Train[0].Transcript, perturbed.Train[40].Transcript);
    }

    [Fact]
    public void UtterancesTooShortForTheirTranscriptAreSkippedAndCounted()
    {
        var g = new Generator(1);
        var samples = ToneCorpus.Generate(40, 2, heldOut: false).ToList();
        // 30 ms of audio cannot carry "badge": at 10 ms frames stacked by two it has 2 steps, and the word needs 5.
        samples.Add(new SpeechSample("short", "badge", () => new Recur.Audio.AudioClip(new float[240], ToneCorpus.SampleRate)));
        var data = SpeechData.Build(Tiny, samples, ToneCorpus.Generate(10, 2, heldOut: true));
        Assert.Equal(1, data.TooShortSkipped);
        Assert.Equal(40, data.Train.Count);
        Assert.DoesNotContain(data.Train, u => u.Name == "short");
    }

    [Fact]
    public void ValidationTranscriptsWithCharactersOutsideTheTrainingAlphabetAreSkippedAndCounted()
    {
        var valid = ToneCorpus.Generate(6, 2, heldOut: true).ToList();
        valid[3] = valid[3] with { Transcript = valid[3].Transcript + " zed" };
        var data = SpeechData.Build(Tiny, ToneCorpus.Generate(30, 2, heldOut: false), valid);
        Assert.Equal(1, data.UnknownCharacterSkipped);
        Assert.Equal(5, data.Valid.Count);
    }
}
