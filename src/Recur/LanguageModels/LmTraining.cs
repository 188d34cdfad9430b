using Recur.Data;
using Recur.Optim;
using Recur.Optim.Schedules;
using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// A language-model run put together from its settings: the task, the optimiser (Adam or SGD), the schedule
/// (cosine, constant, or Zaremba's per-epoch decay, with optional linear warmup), clipping, and a
/// <see cref="Trainer"/> checkpointing into a directory. <see cref="Resume"/> rebuilds the same run from a
/// checkpoint; <see cref="LoadModel"/> opens a trained model for sampling or scoring.
/// </summary>
public sealed class LmTraining
{
    LmTraining(LmTask task, Trainer trainer) => (Task, Trainer) = (task, trainer);

    public LmTask Task { get; }
    public Trainer Trainer { get; }

    /// <summary>
    /// A new run on <paramref name="text"/> (and <paramref name="validation"/>, when the settings name a validation
    /// file) that checkpoints into <paramref name="directory"/> (null: nowhere).
    /// </summary>
    public static LmTraining Create(LmSettings settings, string text, string? validation, string? directory)
    {
        var s = Validated(settings);
        return Build(s, LmCorpus.Build(s.Level, text, validation, s.ValFraction, TextName(s)), directory, checkpoint: null);
    }

    /// <summary>
    /// Continues the run in <paramref name="checkpoint"/> with <paramref name="settings"/> (normally the checkpoint's,
    /// see <see cref="ReadSettings"/>); the texts must be the ones it was trained on.
    /// </summary>
    public static LmTraining Resume(TrainingCheckpoint checkpoint, LmSettings settings, string text, string? validation, string? directory)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var s = Validated(settings);
        var fingerprint = checkpoint.Section<TextFingerprint>("text");
        var (characters, words) = ReadVocabulary(checkpoint, s.Level);
        CheckModelSize(checkpoint, s, characters?.Count ?? words!.Count);
        var corpus = LmCorpus.Build(s.Level, text, validation, s.ValFraction, TextName(s), characters, words);
        if (corpus.Fingerprint != fingerprint.Sha256 || corpus.Length != fingerprint.Chars)
            throw new TrainingSetupException($"{TextName(s)}: is not the text the checkpoint was trained on ({corpus.Length} characters, checkpoint in {checkpoint.Directory}: {fingerprint.Chars})");
        return Build(s, corpus, directory, checkpoint);
    }

    static string TextName(LmSettings s) => s.Text ?? "the built-in corpus";

    static LmTraining Build(LmSettings s, LmCorpus corpus, string? directory, TrainingCheckpoint? checkpoint)
    {
        var generator = new Generator(s.Seed);
        var task = new LmTask(s, corpus, generator);
        var parameters = task.Model.Parameters();
        Optimizer optimizer = s.Optimizer switch
        {
            LmOptimizer.Sgd => new Sgd(parameters, s.LearningRate),
            LmOptimizer.NtAsgd => task.Averaging = new AveragedSgd(parameters, s.LearningRate),
            _ => new Adam(parameters, s.LearningRate),
        };
        ILearningRateSchedule schedule = s.Schedule == LrSchedule.Cosine
            ? new CosineAnnealingLr(s.LearningRate, s.ScheduleSteps ?? throw new TrainingSetupException("--schedule cosine: the run has no horizon (needs --steps)"))
            : s.LrDecay < 1 ? new EpochDecayLr(s.LearningRate, task.StepsPerEpoch, s.LrDecay, s.DecayAfter) : new ConstantLr(s.LearningRate);
        if (s.Warmup > 0) schedule = new LinearWarmup(schedule, s.Warmup, 1.0 / s.Warmup);
        var options = new TrainerOptions
        {
            Budget = s.Budget.IsUnbounded ? new TrainingBudget(Minutes: LmSettings.DefaultMinutes) : s.Budget,
            EvalEvery = s.EvalEvery, EvalEachEpoch = s.Level == LmLevel.Word, Schedule = schedule, ClipNorm = s.Clip, Directory = directory, Threads = s.Threads,
            ChartTitle = s.Level == LmLevel.Char ? "Character model loss" : "Word model loss", ChartLossLabel = $"loss (nats/{corpus.Unit})",
        };
        var trainer = new Trainer(task, optimizer, options, generator);
        if (checkpoint is not null) trainer.Restore(checkpoint);
        return new LmTraining(task, trainer);
    }

    /// <summary>Fills in what a new run derives (the cosine horizon) and checks every setting; problems name their flags.</summary>
    static LmSettings Validated(LmSettings s)
    {
        if (s.Schedule == LrSchedule.Cosine && s.ScheduleSteps is null)
            s = s with { ScheduleSteps = s.Steps ?? throw new TrainingSetupException("--schedule cosine: needs --steps (the cosine decays to zero at the last step)") };
        if (s.Schedule == LrSchedule.Cosine && s.LrDecay < 1) throw new TrainingSetupException("--lr-decay: cannot be combined with --schedule cosine");
        var problems = LmSettings.Table.Problems(s);
        if (problems.Count > 0) throw new TrainingSetupException(problems[0]);
        if (s.Cell != CellKind.Nplm && (s.Context is not null || s.Direct))
            throw new TrainingSetupException($"--context, --direct: belong to --cell nplm, not --cell {s.Cell.ToString().ToLowerInvariant()}");
        if (s.Tie && s.Direct) throw new TrainingSetupException("--tie: cannot be combined with --direct (the output layer would read more than the embedding's width)");
        if (s.Tie && s.Embedding != s.Hidden) throw new TrainingSetupException($"--tie: needs --embedding equal to --hidden (embedding {s.Embedding}, hidden {s.Hidden})");
        if (!s.Cell.IsRecurrent() && (s.Regularization.HiddenDropout > 0 || s.Regularization.WeightDropout > 0))
            throw new TrainingSetupException($"--hidden-dropout, --weight-dropout: act inside a recurrent network (rnn, lstm, gru), not --cell {s.Cell.ToString().ToLowerInvariant()}");
        return s;
    }

    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Trainer.Run(progress, cancellationToken);

    /// <summary>The settings stored in a language-model checkpoint.</summary>
    public static LmSettings ReadSettings(TrainingCheckpoint checkpoint)
    {
        var settings = checkpoint.Section<LmSettings>("settings");
        var problems = LmSettings.Table.Problems(settings);
        if (problems.Count > 0) throw new CheckpointException($"{checkpoint.ManifestPath}: invalid settings: {problems[0]}");
        return settings;
    }

    /// <summary>The checkpoint's vocabulary: characters (UTF-16 code units) for a character model, words for a word model.</summary>
    public static (CharVocabulary? Characters, TokenVocabulary? Words) ReadVocabulary(TrainingCheckpoint checkpoint, LmLevel level)
    {
        try
        {
            if (level == LmLevel.Char)
            {
                var codes = checkpoint.Section<int[]>("vocabulary");
                if (codes.Length == 0 || codes.Any(c => c is < 0 or > char.MaxValue) || codes.Distinct().Count() != codes.Length)
                    throw new CheckpointException($"{checkpoint.ManifestPath}: the vocabulary is empty or malformed");
                return (new CharVocabulary(codes.Select(c => (char)c)), null);
            }
            return (null, new TokenVocabulary(checkpoint.Section<string[]>("vocabulary")));
        }
        catch (ArgumentException e) { throw new CheckpointException($"{checkpoint.ManifestPath}: the vocabulary is malformed ({e.Message})", e); }
    }

    /// <summary>The trained model in <paramref name="directory"/> (in evaluation mode), its settings, vocabulary and checkpoint.</summary>
    public static (CharLanguageModel Model, LmSettings Settings, CharVocabulary? Characters, TokenVocabulary? Words, TrainingCheckpoint Checkpoint) LoadModel(string directory)
    {
        var checkpoint = TrainingCheckpoint.Open(directory, LmTask.TaskName);
        var settings = ReadSettings(checkpoint);
        var (characters, words) = ReadVocabulary(checkpoint, settings.Level);
        CheckModelSize(checkpoint, settings, characters?.Count ?? words!.Count);
        var model = new CharLanguageModel(settings.ModelConfig(characters?.Count ?? words!.Count), new Generator(settings.Seed));
        // An NT-ASGD run keeps the averaged weights beside the trained ones; they are the model it evaluated.
        string file = checkpoint.Files.ContainsKey(LmTask.AverageFile) ? LmTask.AverageFile : Trainer.ModelFile;
        var weights = checkpoint.ReadTensors(file);
        try { model.LoadStateDict(weights); }
        catch (InvalidDataException e) { throw new CheckpointException($"{Path.Combine(directory, file)}: does not match the model in {CheckpointJournal.ManifestFile}: {e.Message}", e); }
        model.Eval();
        return (model, settings, characters, words, checkpoint);
    }

    /// <summary>
    /// Refuses settings that describe a model larger than the weights file could hold, before anything is allocated:
    /// a corrupt or hand-edited manifest must not make the loader reserve gigabytes.
    /// </summary>
    static void CheckModelSize(TrainingCheckpoint checkpoint, LmSettings s, int vocabulary)
    {
        // Exact for the recurrent cells and the NPLM; for the other kinds a lower bound (each level maps H features to H at least).
        long gates = s.Cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 }, H = s.Hidden, E = s.Embedding, V = vocabulary;
        long window = (long)(s.Context ?? Nn.NplmNetwork.DefaultContext) * E, recurrent = 0;
        for (int layer = 0; layer < s.Layers && recurrent < long.MaxValue / 4; layer++)
            recurrent += s.Cell.IsRecurrent() ? gates * H * ((layer == 0 ? E : H) + H + 2)
                : s.Cell == CellKind.Nplm ? H * ((layer == 0 ? window : H) + 1) : H * H;
        long features = H + (s.Direct ? window : 0);
        long count = V * E + recurrent + (s.Tie ? 0 : features * V) + V;
        long bytes = checkpoint.Files.TryGetValue(Trainer.ModelFile, out var file) ? file.Bytes : 0;
        if (count <= 0 || count > bytes / 4)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the settings describe a model of {count:N0} parameters, more than {Trainer.ModelFile} ({bytes:N0} bytes) holds");
    }

    /// <summary>The <c>text</c> section: the training text's SHA-256 and length, so a resume on another text is refused.</summary>
    public sealed record TextFingerprint(string Sha256, int Chars);
}
