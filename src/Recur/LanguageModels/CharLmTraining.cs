using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Optim;
using Recur.Optim.Schedules;
using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// A character-model run put together from its settings: the task, Adam, the schedule (cosine or constant, with
/// linear warmup), clipping, and a <see cref="Trainer"/> checkpointing into a directory. <see cref="Resume"/>
/// rebuilds the same run from a checkpoint; <see cref="LoadModel"/> opens a trained model for sampling or scoring.
/// </summary>
public sealed class CharLmTraining
{
    CharLmTraining(CharLmTask task, Trainer trainer) => (Task, Trainer) = (task, trainer);

    public CharLmTask Task { get; }
    public Trainer Trainer { get; }

    /// <summary>A new run on <paramref name="text"/> (the vocabulary is its characters) that checkpoints into <paramref name="directory"/> (null: nowhere).</summary>
    public static CharLmTraining Create(CharLmSettings settings, string text, string? directory, string? textName = null) =>
        Build(Validated(settings), CharVocabulary.FromText(text), text, directory, textName, checkpoint: null);

    /// <summary>
    /// Continues the run in <paramref name="checkpoint"/> with <paramref name="settings"/> (normally the checkpoint's,
    /// see <see cref="ReadSettings"/>); <paramref name="text"/> must be the text it was trained on.
    /// </summary>
    public static CharLmTraining Resume(TrainingCheckpoint checkpoint, CharLmSettings settings, string text, string? directory, string? textName = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var fingerprint = checkpoint.Section<TextFingerprint>("text");
        if (CharLmTask.Fingerprint(text) != fingerprint.Sha256 || text.Length != fingerprint.Chars)
            throw new TrainingSetupException($"{textName ?? settings.Text ?? "the built-in corpus"}: is not the text the checkpoint was trained on ({text.Length} characters, checkpoint in {checkpoint.Directory}: {fingerprint.Chars})");
        return Build(Validated(settings), ReadVocabulary(checkpoint), text, directory, textName, checkpoint);
    }

    static CharLmTraining Build(CharLmSettings s, CharVocabulary vocabulary, string text, string? directory, string? textName, TrainingCheckpoint? checkpoint)
    {
        var generator = new Generator(s.Seed);
        var task = new CharLmTask(s, vocabulary, text, generator, textName);
        var optimizer = new Adam(task.Model.Parameters(), s.LearningRate);
        ILearningRateSchedule schedule = s.Schedule == LrSchedule.Cosine
            ? new CosineAnnealingLr(s.LearningRate, s.ScheduleSteps ?? throw new TrainingSetupException("--schedule cosine: the run has no horizon (needs --steps)"))
            : new ConstantLr(s.LearningRate);
        if (s.Warmup > 0) schedule = new LinearWarmup(schedule, s.Warmup, 1.0 / s.Warmup);
        var options = new TrainerOptions
        {
            Budget = s.Budget.IsUnbounded ? new TrainingBudget(Minutes: CharLmSettings.DefaultMinutes) : s.Budget,
            EvalEvery = s.EvalEvery, Schedule = schedule, ClipNorm = s.Clip, Directory = directory, Threads = s.Threads,
            ChartTitle = "Character model loss", ChartLossLabel = "loss (nats/char)",
        };
        var trainer = new Trainer(task, optimizer, options, generator);
        if (checkpoint is not null) trainer.Restore(checkpoint);
        return new CharLmTraining(task, trainer);
    }

    /// <summary>Fills in what a new run derives (the cosine horizon) and checks every setting; problems name their flags.</summary>
    static CharLmSettings Validated(CharLmSettings s)
    {
        if (s.Schedule == LrSchedule.Cosine && s.ScheduleSteps is null)
            s = s with { ScheduleSteps = s.Steps ?? throw new TrainingSetupException("--schedule cosine: needs --steps (the cosine decays to zero at the last step)") };
        var problems = CharLmSettings.Table.Problems(s);
        if (problems.Count > 0) throw new TrainingSetupException(problems[0]);
        return s;
    }

    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Trainer.Run(progress, cancellationToken);

    /// <summary>The settings stored in a character-model checkpoint.</summary>
    public static CharLmSettings ReadSettings(TrainingCheckpoint checkpoint)
    {
        var settings = checkpoint.Section<CharLmSettings>("settings");
        var problems = CharLmSettings.Table.Problems(settings);
        if (problems.Count > 0) throw new CheckpointException($"{checkpoint.ManifestPath}: invalid settings: {problems[0]}");
        return settings;
    }

    public static CharVocabulary ReadVocabulary(TrainingCheckpoint checkpoint)
    {
        var codes = checkpoint.Section<int[]>("vocabulary");
        if (codes.Length == 0 || codes.Any(c => c is < 0 or > char.MaxValue) || codes.Distinct().Count() != codes.Length)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the vocabulary is empty or malformed");
        return new CharVocabulary(codes.Select(c => (char)c));
    }

    /// <summary>The trained model in <paramref name="directory"/> (in evaluation mode), its vocabulary and checkpoint.</summary>
    public static (CharLanguageModel Model, CharVocabulary Vocabulary, TrainingCheckpoint Checkpoint) LoadModel(string directory)
    {
        var checkpoint = TrainingCheckpoint.Open(directory, CharLmTask.TaskName);
        var settings = ReadSettings(checkpoint);
        var vocabulary = ReadVocabulary(checkpoint);
        var model = new CharLanguageModel(settings.ModelConfig(vocabulary.Count), new Generator(settings.Seed));
        var weights = checkpoint.ReadTensors(Trainer.ModelFile);
        try { model.LoadStateDict(weights); }
        catch (InvalidDataException e) { throw new CheckpointException($"{Path.Combine(directory, Trainer.ModelFile)}: does not match the model in {CheckpointJournal.ManifestFile}: {e.Message}", e); }
        model.Eval();
        return (model, vocabulary, checkpoint);
    }

    /// <summary>The <c>text</c> section: the training text's SHA-256 and length, so a resume on another text is refused.</summary>
    public sealed record TextFingerprint(string Sha256, int Chars);
}
