using System.Text.Json.Nodes;
using Recur.Data;
using Recur.Metrics;
using Recur.Nn;
using Recur.Training;

namespace Recur.Speech;

/// <summary>
/// Training a <see cref="CtcAcousticModel"/> as an <see cref="ITrainingTask"/>: utterances in length-bucketed batches
/// (<see cref="BucketedBatches"/> over frame counts, rebuilt from the seed and epoch on resume), SpecAugment on the
/// training copies, and PyTorch's mean CTC loss (each utterance's −ln p(transcript | audio) divided by its transcript
/// length, averaged over the batch). Evaluation reports that loss on the validation set and the greedy transcripts'
/// word and character error rates; the trainer keeps the checkpoint with the lowest WER.
/// </summary>
public sealed class AsrTask : ITrainingTask
{
    public const string TaskName = "asr";

    readonly BucketedBatches batches;
    readonly Generator generator;
    IReadOnlyList<int[]>? epochBatches;
    int epoch, index;

    public AsrTask(AsrSettings settings, SpeechData data, Generator generator)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Data = data ?? throw new ArgumentNullException(nameof(data));
        this.generator = generator ?? throw new ArgumentNullException(nameof(generator));
        var features = data.Features;
        Model = new CtcAcousticModel(settings.ModelConfig(features.Dimensions, data.Alphabet.Count), generator);
        Recognizer = new SpeechRecognizer(Model, data.Alphabet, features);
        batches = new BucketedBatches(data.Train.Select(u => u.Frames).ToArray(), settings.BatchSize, settings.Seed);
    }

    public string Name => TaskName;
    public AsrSettings Settings { get; }
    public SpeechData Data { get; }
    public CtcAcousticModel Model { get; }
    Module ITrainingTask.Model => Model;
    public SpeechRecognizer Recognizer { get; }

    /// <summary>Training utterances this instance has replaced by a run of their words (<see cref="AsrSettings.CropWords"/>).</summary>
    public long CutUtterances { get; private set; }

    /// <summary>Batches in an epoch.</summary>
    public int StepsPerEpoch => (epochBatches ??= batches.Epoch(epoch)).Count;

    public TrainingBatch NextBatch()
    {
        epochBatches ??= batches.Epoch(epoch);
        var examples = epochBatches[index].Select(i => Data.Train[i]).ToArray();
        if (Settings.CropWords > 0) CutToWordRuns(examples);
        int F = Model.Config.InputSize;
        var features = examples.Select(u => Settings.SpecAugment ? Augmented(u, F) : u.Features).ToArray();
        var (logProbs, lengths) = SpeechRecognizer.Forward(Model, features, examples.Select(u => u.Frames).ToArray(), F);
        var loss = Loss(logProbs, lengths, examples, Reduction.Mean);
        int count = epochBatches.Count;
        bool ends = ++index == count;
        if (ends) (epoch, index, epochBatches) = (epoch + 1, 0, null);
        return new TrainingBatch(loss, examples.Sum(u => (long)u.Labels.Length), ends, (double)index / count);   // characters, the loss's unit
    }

    /// <summary>
    /// Replaces each utterance, with probability <see cref="AsrSettings.CropWords"/>, by a random run of its words
    /// (its first word uniform among the W, so that every word opens a run equally often, then its length uniform
    /// among those that fit), cut in the pauses between the words where the current model aligns them
    /// (<see cref="WordBoundaries"/>), its leading and trailing silence kept. An utterance whose greedy transcript is
    /// not yet exact is left whole: its alignment cannot be trusted. The alignment pass runs without gradients or
    /// dropout, so it changes nothing the run resumes from.
    /// </summary>
    void CutToWordRuns(Utterance[] examples)
    {
        var chosen = Enumerable.Range(0, examples.Length).Where(_ => generator.NextDouble() < Settings.CropWords).ToArray();
        if (chosen.Length == 0) return;
        var posteriors = Recognizer.Posteriors(chosen.Select(i => examples[i].Features).ToArray(), Settings.BatchSize);
        int C = Data.Alphabet.Count;
        for (int k = 0; k < chosen.Length; k++)
        {
            var u = examples[chosen[k]];
            var logProbs = posteriors[k].LogProbs;
            if (!Decoding.CtcGreedyDecoder.Decode(logProbs, C, CtcAlphabet.Blank).AsSpan().SequenceEqual(u.Labels)) continue;
            if (Recognizer.Align(logProbs, u.Labels) is not { Words.Count: >= 2 } alignment) continue;
            if (WordBoundaries.Find(alignment, Recognizer.Features.Loudness(u.Features), Model.Config.Stack) is not { } boundaries) continue;
            int words = alignment.Words.Count;
            int first = generator.NextInt(words), count = 1 + generator.NextInt(words - first);
            if (u.Cut([.. alignment.Words.Select(w => w.Word)], boundaries, first, count, Data.Alphabet, Model.Config.Stack) is not { } cut) continue;
            examples[chosen[k]] = cut;
            if (cut != u) CutUtterances++;
        }
    }

    float[] Augmented(Utterance u, int F)
    {
        var copy = (float[])u.Features.Clone();
        Audio.SpecAugment.Apply(copy, u.Frames, F, Settings.SpecAugmentOptions, generator);
        return copy;
    }

    // Too-short utterances were left out when the data was built, so every loss here is finite; zero_infinity guards
    // the rare batch that SpecAugment cannot make impossible but rounding might.
    static Tensor Loss(Tensor logProbs, int[] lengths, IReadOnlyList<Utterance> utterances, Reduction reduction) =>
        Functional.CtcLoss(logProbs, CtcTargets.Concatenated([.. utterances.SelectMany(u => u.Labels)], [.. utterances.Select(u => u.Labels.Length)]),
            lengths, CtcAlphabet.Blank, reduction, zeroInfinity: true);

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        var valid = Data.Valid;
        var posteriors = Recognizer.Posteriors(valid.Select(u => u.Features).ToArray(), Settings.BatchSize, cancellationToken);
        double loss = 0;
        var hypotheses = new string[valid.Count];
        int C = Data.Alphabet.Count;
        for (int i = 0; i < valid.Count; i++)
        {
            var (logProbs, frames) = posteriors[i];
            using (Tensor.NoGrad())
                loss += Loss(Tensor.FromArray(logProbs, frames, 1, C), [frames], [valid[i]], Reduction.Mean).Item();
            hypotheses[i] = CtcAlphabet.Normalize(Data.Alphabet.Decode(Decoding.CtcGreedyDecoder.Decode(logProbs, C, CtcAlphabet.Blank)));
        }
        var references = valid.Select(u => u.Transcript).ToArray();
        var words = ErrorRate.Words(hypotheses, references);
        var characters = ErrorRate.Characters(hypotheses, references);
        return new Dictionary<string, double>
        {
            ["loss"] = loss / valid.Count, ["wer"] = words.Rate, ["cer"] = characters.Rate,
            ["exact_match"] = (double)hypotheses.Where((h, i) => h == references[i]).Count() / valid.Count,
        };
    }

    public void Save(CheckpointContents contents)
    {
        contents.Sections["settings"] = System.Text.Json.JsonSerializer.SerializeToNode(Settings, CheckpointJson.Options);
        contents.Sections["model"] = System.Text.Json.JsonSerializer.SerializeToNode(Model.Config, CheckpointJson.Options);
        contents.Sections["alphabet"] = Data.Alphabet.ToJson();
        if (Data.Features.Statistics is { } statistics)
            contents.Sections["normalization"] = new JsonObject
            {
                ["mean"] = new JsonArray([.. statistics.Mean.Select(m => (JsonNode?)JsonValue.Create(m))]),
                ["std"] = new JsonArray([.. statistics.StandardDeviation.Select(v => (JsonNode?)JsonValue.Create(v))]),
            };
        contents.Sections["data"] = new JsonObject { ["sha256"] = Data.Fingerprint, ["utterances"] = Data.Train.Count };
        contents.DataPosition = new JsonObject { ["epoch"] = epoch, ["index"] = index };
    }

    public void Restore(TrainingCheckpoint checkpoint)
    {
        var data = checkpoint.Manifest["progress"]?["data"];
        int e = Read(data?["epoch"]), i = Read(data?["index"]);
        if (e < 0 || i < 0 || i >= batches.Epoch(e).Count)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the data position (epoch {e}, batch {i}) does not fit these utterances");
        (epoch, index, epochBatches) = (e, i, null);
    }

    static int Read(JsonNode? node) => node is JsonValue v && v.TryGetValue(out int value) ? value : -1;
}
