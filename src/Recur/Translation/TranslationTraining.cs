using Recur.Optim;
using Recur.Seq2Seq;
using Recur.Training;

namespace Recur.Translation;

/// <summary>
/// A translation run put together from its settings: the task, Adam, gradient clipping, and a <see cref="Trainer"/>
/// that evaluates every N steps and keeps the checkpoint with the best validation BLEU. <see cref="Resume"/> rebuilds
/// the same run from a checkpoint (its codecs, so ids do not change); <see cref="Load"/> opens a trained model.
/// </summary>
public sealed class TranslationTraining
{
    TranslationTraining(TranslationTask task, Trainer trainer) => (Task, Trainer) = (task, trainer);

    public TranslationTask Task { get; }
    public Trainer Trainer { get; }

    /// <summary>The training and validation texts of a run, line by line, and the names used in messages.</summary>
    public sealed record Texts(IReadOnlyList<string> Source, IReadOnlyList<string> Target, string SourceName, string TargetName,
        IReadOnlyList<string>? ValidSource = null, IReadOnlyList<string>? ValidTarget = null)
    {
        /// <summary>The built-in date task: <see cref="TranslationSettings.DatePairs"/> training pairs and 1,000 held-out ones, from the seed.</summary>
        public static Texts Dates(TranslationSettings settings)
        {
            var (source, target) = DateCorpus.Generate(settings.DatePairs, settings.Seed, heldOut: false);
            var (validSource, validTarget) = DateCorpus.Generate(1000, settings.Seed, heldOut: true);
            return new Texts(source, target, "the built-in dates", "their ISO forms", validSource, validTarget);
        }
    }

    /// <summary>A new run on <paramref name="texts"/> that checkpoints into <paramref name="directory"/> (null: nowhere).</summary>
    public static TranslationTraining Create(TranslationSettings settings, Texts texts, string? directory)
    {
        var s = Validated(settings);
        var data = TranslationData.Build(s, texts.Source, texts.Target, texts.SourceName, texts.TargetName, texts.ValidSource, texts.ValidTarget);
        return Build(s, data, directory, checkpoint: null);
    }

    /// <summary>Continues the run in <paramref name="checkpoint"/>; the texts must be the ones it was trained on.</summary>
    public static TranslationTraining Resume(TrainingCheckpoint checkpoint, TranslationSettings settings, Texts texts, string? directory)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var s = Validated(settings);
        var codecs = ReadCodecs(checkpoint);
        var data = TranslationData.Build(s, texts.Source, texts.Target, texts.SourceName, texts.TargetName, texts.ValidSource, texts.ValidTarget, codecs);
        string stored = checkpoint.Manifest["data"]?["sha256"]?.GetValue<string>() ?? "";
        if (stored != data.Fingerprint)
            throw new TrainingSetupException($"{texts.SourceName}, {texts.TargetName}: are not the texts the checkpoint in {checkpoint.Directory} was trained on");
        return Build(s, data, directory, checkpoint);
    }

    static TranslationTraining Build(TranslationSettings s, TranslationData data, string? directory, TrainingCheckpoint? checkpoint)
    {
        var generator = new Generator(s.Seed);
        var task = new TranslationTask(s, data, generator);
        var optimizer = new Adam(task.Model.Parameters(), s.LearningRate);
        var options = new TrainerOptions
        {
            Budget = s.Budget.IsUnbounded ? new TrainingBudget(Minutes: s.Src is null ? TranslationSettings.Dates.Minutes : TranslationSettings.DefaultMinutes) : s.Budget,
            EvalEvery = s.EvalEvery, EvalEachEpoch = false, ClipNorm = s.Clip, Directory = directory, Threads = s.Threads,
            Metric = "bleu", MaximizeMetric = true, ChartTitle = "Translation loss", ChartLossLabel = "loss (nats/token)",
        };
        var trainer = new Trainer(task, optimizer, options, generator);
        if (checkpoint is not null) trainer.Restore(checkpoint);
        return new TranslationTraining(task, trainer);
    }

    static TranslationSettings Validated(TranslationSettings s)
    {
        var problems = TranslationSettings.Table.Problems(s);
        if (problems.Count > 0) throw new TrainingSetupException(problems[0]);
        if ((s.Src is null) != (s.Tgt is null)) throw new TrainingSetupException("--src and --tgt: give both (or neither, for the built-in date task)");
        if ((s.ValidSrc is null) != (s.ValidTgt is null)) throw new TrainingSetupException("--valid-src and --valid-tgt: give both or neither");
        try
        {
            s.ModelConfig(5, 5).Validate();
            s.TeacherForcingSchedule.Validate();
        }
        catch (ArgumentException e) { throw new TrainingSetupException(e.Message); }
        return s;
    }

    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Trainer.Run(progress, cancellationToken);

    /// <summary>The settings stored in a translation checkpoint.</summary>
    public static TranslationSettings ReadSettings(TrainingCheckpoint checkpoint)
    {
        var settings = checkpoint.Section<TranslationSettings>("settings");
        var problems = TranslationSettings.Table.Problems(settings);
        if (problems.Count > 0) throw new CheckpointException($"{checkpoint.ManifestPath}: invalid settings: {problems[0]}");
        return settings;
    }

    static (TextCodec Source, TextCodec Target) ReadCodecs(TrainingCheckpoint checkpoint)
    {
        try { return (TextCodec.FromJson(checkpoint.Manifest["source"]), TextCodec.FromJson(checkpoint.Manifest["target"])); }
        catch (InvalidDataException e) { throw new CheckpointException($"{checkpoint.ManifestPath}: {e.Message}", e); }
    }

    /// <summary>The trained model in <paramref name="directory"/> as a <see cref="Translator"/> (model in evaluation mode), with its settings and checkpoint.</summary>
    public static (Translator Translator, TranslationSettings Settings, TrainingCheckpoint Checkpoint) Load(string directory)
    {
        var checkpoint = TrainingCheckpoint.Open(directory, TranslationTask.TaskName);
        var settings = ReadSettings(checkpoint);
        var (source, target) = ReadCodecs(checkpoint);
        var config = settings.ModelConfig(source.Vocabulary.Count, target.Vocabulary.Count);
        long bytes = checkpoint.Files.TryGetValue(Trainer.ModelFile, out var file) ? file.Bytes : 0;
        long embeddings = (long)(config.SourceVocabularySize + config.TargetVocabularySize) * config.EmbeddingSize;
        if (embeddings > bytes / 4)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the vocabularies describe more embedding weights ({embeddings:N0}) than {Trainer.ModelFile} ({bytes:N0} bytes) holds");
        Seq2SeqModel model;
        try { model = new Seq2SeqModel(config, new Generator(settings.Seed)); }
        catch (ArgumentException e) { throw new CheckpointException($"{checkpoint.ManifestPath}: {e.Message}", e); }
        try { model.LoadStateDict(checkpoint.ReadTensors(Trainer.ModelFile)); }
        catch (InvalidDataException e) { throw new CheckpointException($"{Path.Combine(directory, Trainer.ModelFile)}: does not match the model in {CheckpointJournal.ManifestFile}: {e.Message}", e); }
        model.Eval();
        return (new Translator(model, source, target), settings, checkpoint);
    }
}
