using Recur.Optim;
using Recur.Training;

namespace Recur.Speech;

/// <summary>
/// A recognition run put together from its settings: the task, Adam, gradient clipping, and a <see cref="Trainer"/>
/// that evaluates every N steps and keeps the checkpoint with the lowest validation WER (ties go to the lower loss). <see cref="Resume"/> rebuilds
/// the same run from a checkpoint (its alphabet, so class ids do not change); <see cref="Load"/> opens a trained model.
/// </summary>
public sealed class AsrTraining
{
    AsrTraining(AsrTask task, Trainer trainer) => (Task, Trainer) = (task, trainer);

    public AsrTask Task { get; }
    public Trainer Trainer { get; }

    /// <summary>The recordings a run trains and validates on, and how messages name them.</summary>
    public sealed record Recordings(IReadOnlyList<SpeechSample> Train, IReadOnlyList<SpeechSample>? Valid, string Name)
    {
        /// <summary>The built-in tone task: <see cref="AsrSettings.ToneUtterances"/> training utterances and 200 held-out ones, from the seed.</summary>
        public static Recordings Tones(AsrSettings settings) =>
            new(ToneCorpus.Generate(settings.ToneUtterances, settings.Seed, heldOut: false), ToneCorpus.Generate(200, settings.Seed, heldOut: true), "the built-in tone task");

        public static Recordings FromManifests(SpeechManifest train, SpeechManifest? valid) =>
            new(SpeechSample.FromManifest(train), valid is null ? null : SpeechSample.FromManifest(valid), train.Path);
    }

    /// <summary>A new run on <paramref name="recordings"/> that checkpoints into <paramref name="directory"/> (null: nowhere).</summary>
    public static AsrTraining Create(AsrSettings settings, Recordings recordings, string? directory, CancellationToken cancellationToken = default)
    {
        var s = Validated(settings);
        var data = SpeechData.Build(s, recordings.Train, recordings.Valid, cancellationToken: cancellationToken);
        return Build(s, data, directory, checkpoint: null);
    }

    /// <summary>Continues the run in <paramref name="checkpoint"/>; the recordings must be the ones it was trained on.</summary>
    public static AsrTraining Resume(TrainingCheckpoint checkpoint, AsrSettings settings, Recordings recordings, string? directory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var s = Validated(settings);
        var data = SpeechData.Build(s, recordings.Train, recordings.Valid, ReadAlphabet(checkpoint), cancellationToken);
        string stored = checkpoint.Manifest["data"]?["sha256"]?.GetValue<string>() ?? "";
        if (stored != data.Fingerprint)
            throw new TrainingSetupException($"{recordings.Name}: is not the data the checkpoint in {checkpoint.Directory} was trained on");
        return Build(s, data, directory, checkpoint);
    }

    static AsrTraining Build(AsrSettings s, SpeechData data, string? directory, TrainingCheckpoint? checkpoint)
    {
        var generator = new Generator(s.Seed);
        var task = new AsrTask(s, data, generator);
        var optimizer = new Adam(task.Model.Parameters(), s.LearningRate);
        var options = new TrainerOptions
        {
            Budget = s.Budget.IsUnbounded ? new TrainingBudget(Minutes: s.Manifest is null ? AsrSettings.Tones.Minutes : AsrSettings.DefaultMinutes) : s.Budget,
            EvalEvery = s.EvalEvery, EvalEachEpoch = false, ClipNorm = s.Clip, Directory = directory, Threads = s.Threads,
            Metric = "wer", MaximizeMetric = false, TieBreakMetric = "loss", ChartTitle = "CTC loss", ChartLossLabel = "loss (nats/character)",
        };
        var trainer = new Trainer(task, optimizer, options, generator);
        if (checkpoint is not null) trainer.Restore(checkpoint);
        return new AsrTraining(task, trainer);
    }

    static AsrSettings Validated(AsrSettings s)
    {
        var problems = AsrSettings.Table.Problems(s);
        if (problems.Count > 0) throw new TrainingSetupException(problems[0]);
        try { _ = s.FeatureExtractor(); }
        catch (ArgumentException e) { throw new TrainingSetupException(e.Message); }
        return s;
    }

    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Trainer.Run(progress, cancellationToken);

    /// <summary>The settings stored in a recognition checkpoint.</summary>
    public static AsrSettings ReadSettings(TrainingCheckpoint checkpoint)
    {
        var settings = checkpoint.Section<AsrSettings>("settings");
        var problems = AsrSettings.Table.Problems(settings);
        if (problems.Count > 0) throw new CheckpointException($"{checkpoint.ManifestPath}: invalid settings: {problems[0]}");
        return settings;
    }

    static CtcAlphabet ReadAlphabet(TrainingCheckpoint checkpoint)
    {
        try { return CtcAlphabet.FromJson(checkpoint.Manifest["alphabet"]); }
        catch (InvalidDataException e) { throw new CheckpointException($"{checkpoint.ManifestPath}: {e.Message}", e); }
    }

    /// <summary>The corpus normalisation statistics of a checkpoint whose settings ask for them; null otherwise.</summary>
    static Audio.FeatureStatistics? ReadStatistics(TrainingCheckpoint checkpoint, AsrSettings settings)
    {
        if (settings.Normalize != FeatureNormalizationScope.Corpus) return null;
        var node = checkpoint.Manifest["normalization"];
        static float[]? Values(System.Text.Json.Nodes.JsonNode? array) =>
            array is System.Text.Json.Nodes.JsonArray a && a.All(v => v is System.Text.Json.Nodes.JsonValue x && x.TryGetValue(out float _))
                ? a.Select(v => v!.GetValue<float>()).ToArray() : null;
        if (Values(node?["mean"]) is not { } mean || Values(node?["std"]) is not { } std)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the settings normalise over the corpus but 'normalization' does not hold 'mean' and 'std' lists of numbers");
        return new Audio.FeatureStatistics(mean, std);   // an ArgumentException (bad values) is reported by the caller with the manifest's path
    }

    /// <summary>The trained model in <paramref name="directory"/> as a <see cref="SpeechRecognizer"/> (model in evaluation mode), with its settings.</summary>
    public static (SpeechRecognizer Recognizer, AsrSettings Settings) Load(string directory)
    {
        var checkpoint = TrainingCheckpoint.Open(directory, AsrTask.TaskName);
        var settings = ReadSettings(checkpoint);
        var alphabet = ReadAlphabet(checkpoint);
        SpeechFeatures features;
        CtcAcousticModel model;
        try
        {
            features = settings.FeatureExtractor().WithStatistics(ReadStatistics(checkpoint, settings));
            var config = settings.ModelConfig(features.Dimensions, alphabet.Count);
            long bytes = checkpoint.Files.TryGetValue(Trainer.ModelFile, out var file) ? file.Bytes : 0;
            if (config.ParameterCount > bytes / 4)
                throw new CheckpointException($"{checkpoint.ManifestPath}: the settings describe more weights ({config.ParameterCount:N0}) than {Trainer.ModelFile} ({bytes:N0} bytes) holds");
            model = new CtcAcousticModel(config, new Generator(settings.Seed));
        }
        catch (ArgumentException e) { throw new CheckpointException($"{checkpoint.ManifestPath}: {e.Message}", e); }
        try { model.LoadStateDict(checkpoint.ReadTensors(Trainer.ModelFile)); }
        catch (InvalidDataException e) { throw new CheckpointException($"{Path.Combine(directory, Trainer.ModelFile)}: does not match the model in {CheckpointJournal.ManifestFile}: {e.Message}", e); }
        model.Eval();
        return (new SpeechRecognizer(model, alphabet, features), settings);
    }
}
