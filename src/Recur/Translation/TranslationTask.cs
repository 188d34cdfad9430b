using System.Text.Json.Nodes;
using Recur.Data;
using Recur.Metrics;
using Recur.Nn;
using Recur.Seq2Seq;
using Recur.Training;

namespace Recur.Translation;

/// <summary>
/// Training a <see cref="Seq2SeqModel"/> as a <see cref="ITrainingTask"/>: length-bucketed batches of sentence pairs
/// (<see cref="BucketedBatches"/>, rebuilt from the seed and epoch on resume), token cross-entropy ignoring padding,
/// teacher forcing or scheduled sampling by the step's ratio. Evaluation reports the validation loss and
/// perplexity (teacher-forced) and translates the validation sources to report sacreBLEU-exact BLEU and chrF and
/// the exact-match rate; the trainer keeps the best checkpoint by BLEU.
/// </summary>
public sealed class TranslationTask : ITrainingTask
{
    public const string TaskName = "translate";

    readonly BucketedBatches batches;
    readonly Generator generator;
    IReadOnlyList<int[]>? epochBatches;
    int epoch, index;
    long step;

    public TranslationTask(TranslationSettings settings, TranslationData data, Generator generator)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Data = data ?? throw new ArgumentNullException(nameof(data));
        this.generator = generator ?? throw new ArgumentNullException(nameof(generator));
        settings.TeacherForcingSchedule.Validate();
        Model = new Seq2SeqModel(settings.ModelConfig(data.Source.Vocabulary.Count, data.Target.Vocabulary.Count), generator);
        var lengths = data.TrainSource.Zip(data.TrainTarget, (s, t) => Math.Max(s.Length, t.Length)).ToArray();
        batches = new BucketedBatches(lengths, settings.BatchSize, settings.Seed);
        Translator = new Translator(Model, data.Source, data.Target);
    }

    public string Name => TaskName;
    public TranslationSettings Settings { get; }
    public TranslationData Data { get; }
    public Seq2SeqModel Model { get; }
    Module ITrainingTask.Model => Model;
    public Translator Translator { get; }

    /// <summary>Batches in an epoch.</summary>
    public int StepsPerEpoch => (epochBatches ??= batches.Epoch(epoch)).Count;

    public TrainingBatch NextBatch()
    {
        epochBatches ??= batches.Epoch(epoch);
        var examples = epochBatches[index];
        var source = PaddedBatch.FromSequences(examples.Select(i => Data.TrainSource[i]).ToArray(), examples);
        var target = PaddedBatch.FromSequences(examples.Select(i => Data.TrainTarget[i]).ToArray(), examples);
        float ratio = (float)Settings.TeacherForcingSchedule.Ratio(step++);
        var loss = Model.Loss(source, target, Settings.LabelSmoothing, ratio, generator);
        int count = epochBatches.Count;
        bool ends = ++index == count;
        if (ends) (epoch, index, epochBatches) = (epoch + 1, 0, null);
        return new TrainingBatch(loss, target.Tokens - target.Batch, ends, (double)index / count);   // target tokens scored: all but <s>
    }

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        double nats = ValidationLoss(cancellationToken);
        var options = new TranslationOptions { Beam = Settings.EvalBeam, BatchSize = 64 };
        var hypotheses = Translator.Translate(Data.ValidSourceLines, options, cancellationToken: cancellationToken).Select(t => t.Text).ToArray();
        var references = Data.ValidReferences;
        var bleu = new Bleu().Corpus(hypotheses, [references]);
        var chrF = new ChrF().Corpus(hypotheses, [references]);
        int exact = hypotheses.Where((h, i) => h == references[i]).Count();
        return new Dictionary<string, double>
        {
            ["loss"] = nats, ["perplexity"] = Math.Exp(nats), ["bleu"] = bleu.Score, ["chrf"] = chrF.Score, ["exact_match"] = (double)exact / hypotheses.Length,
        };
    }

    /// <summary>Mean teacher-forced −ln p per target token (including &lt;/s&gt;) of the validation pairs, without dropout.</summary>
    public double ValidationLoss(CancellationToken cancellationToken = default) => Model.Score(Data.ValidSource, Data.ValidTarget, cancellationToken).Nats;

    public void Save(CheckpointContents contents)
    {
        contents.Sections["settings"] = System.Text.Json.JsonSerializer.SerializeToNode(Settings, CheckpointJson.Options);
        contents.Sections["model"] = System.Text.Json.JsonSerializer.SerializeToNode(Model.Config, CheckpointJson.Options);
        contents.Sections["source"] = Data.Source.ToJson();
        contents.Sections["target"] = Data.Target.ToJson();
        contents.Sections["data"] = new JsonObject { ["sha256"] = Data.Fingerprint, ["pairs"] = Data.TrainSource.Length };
        contents.DataPosition = new JsonObject { ["epoch"] = epoch, ["index"] = index, ["batches"] = step };
    }

    public void Restore(TrainingCheckpoint checkpoint)
    {
        var data = checkpoint.Manifest["progress"]?["data"];
        int e = Read(data?["epoch"]), i = Read(data?["index"]);
        long s = data?["batches"] is JsonValue sv && sv.TryGetValue(out long sl) ? sl : -1;
        if (e < 0 || i < 0 || s < 0 || i >= batches.Epoch(e).Count)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the data position (epoch {e}, batch {i}) does not fit these pairs");
        (epoch, index, step, epochBatches) = (e, i, s, null);
    }

    static int Read(JsonNode? node) => node is JsonValue v && v.TryGetValue(out int value) ? value : -1;
}
