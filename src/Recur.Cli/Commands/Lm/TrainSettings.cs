using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// Everything that determines a training run's result, resolved from <see cref="TrainOptions"/> and stored in
/// <c>checkpoint.json</c>. <see cref="Text"/> is null for the built-in corpus (then <see cref="CorpusSize"/> and
/// <see cref="Seed"/> regenerate it exactly). <see cref="ScheduleSteps"/> is the cosine schedule's horizon, fixed
/// when the run starts so that a resumed run follows the same curve.
/// </summary>
public sealed record TrainSettings(
    string? Text, CellKind Cell, int Layers, int Hidden, int Embedding, float Dropout,
    int SeqLength, int BatchSize, double LearningRate, LrSchedule Schedule, int Warmup, double Clip,
    ulong Seed, double ValFraction, int CorpusSize, int? ScheduleSteps = null)
{
    /// <summary>Sized so that the default run learns the built-in corpus visibly in about two minutes on two cores.</summary>
    public static TrainSettings Defaults { get; } = new(
        Text: null, Cell: CellKind.Lstm, Layers: 2, Hidden: 256, Embedding: 64, Dropout: 0f,
        SeqLength: 64, BatchSize: 32, LearningRate: 2e-3, Schedule: LrSchedule.Constant, Warmup: 0, Clip: 5.0,
        Seed: 1337, ValFraction: 0.1, CorpusSize: 300_000);

    /// <summary>Overrides the defaults with every option that was given.</summary>
    public static TrainSettings FromOptions(TrainOptions o)
    {
        var d = Defaults;
        var s = new TrainSettings(o.Text is null ? null : Path.GetFullPath(o.Text), o.Cell ?? d.Cell, o.Layers ?? d.Layers, o.Hidden ?? d.Hidden,
            o.Embedding ?? d.Embedding, o.Dropout ?? d.Dropout, o.SeqLength ?? d.SeqLength, o.BatchSize ?? d.BatchSize,
            o.LearningRate ?? d.LearningRate, o.Schedule ?? d.Schedule, o.Warmup ?? d.Warmup, o.Clip ?? d.Clip,
            o.Seed ?? d.Seed, o.ValFraction ?? d.ValFraction, o.CorpusSize ?? d.CorpusSize);
        if (s.Schedule == LrSchedule.Cosine)
            s = s with { ScheduleSteps = o.Steps ?? throw new UserInputException("--schedule cosine: needs --steps (the cosine decays to zero at the last step)") };
        s.Validate();
        return s;
    }

    /// <summary>
    /// The checkpoint's settings, after checking that every option given agrees with them: resuming with another
    /// architecture, data or optimisation would not continue the same run.
    /// </summary>
    public TrainSettings CheckResumeOptions(TrainOptions o, string checkpointDir)
    {
        var conflicts = new List<string>();
        void Check<T>(string flag, T? given, T saved) where T : struct
        {
            if (given is T g && !EqualityComparer<T>.Default.Equals(g, saved)) conflicts.Add($"{flag} {Format(g)} (checkpoint: {Format(saved)})");
        }
        Check("--cell", o.Cell, Cell); Check("--layers", o.Layers, Layers); Check("--hidden", o.Hidden, Hidden);
        Check("--embedding", o.Embedding, Embedding); Check("--dropout", o.Dropout, Dropout); Check("--seq-length", o.SeqLength, SeqLength);
        Check("--batch-size", o.BatchSize, BatchSize); Check("--lr", o.LearningRate, LearningRate); Check("--schedule", o.Schedule, Schedule);
        Check("--warmup", o.Warmup, Warmup); Check("--clip", o.Clip, Clip); Check("--seed", o.Seed, Seed);
        Check("--val-fraction", o.ValFraction, ValFraction); Check("--corpus-size", o.CorpusSize, CorpusSize);
        if (o.Text is not null && Text is null) conflicts.Add($"--text {o.Text} (checkpoint: the built-in corpus)");
        if (conflicts.Count > 0)
            throw new UserInputException($"--resume {checkpointDir}: the checkpoint is a different model or run: {string.Join("; ", conflicts)}");
        return this;
    }

    static string Format<T>(T value) => value switch
    {
        CellKind c => c.ToString().ToLowerInvariant(),
        LrSchedule s => s.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    /// <summary>Range checks; each error names the flag.</summary>
    public void Validate()
    {
        static void Require(bool ok, string flag, object value, string rule)
        {
            if (!ok) throw new UserInputException($"{flag} {value}: {rule}");
        }
        Require(Layers >= 1, "--layers", Layers, "must be at least 1");
        Require(Hidden >= 1, "--hidden", Hidden, "must be at least 1");
        Require(Embedding >= 1, "--embedding", Embedding, "must be at least 1");
        Require(Dropout is >= 0f and < 1f, "--dropout", Dropout, "must lie in [0, 1)");
        Require(SeqLength >= 1, "--seq-length", SeqLength, "must be at least 1");
        Require(BatchSize >= 1, "--batch-size", BatchSize, "must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), "--lr", LearningRate, "must be a positive number");
        Require(Warmup >= 0, "--warmup", Warmup, "must be 0 or more");
        Require(Clip > 0 && double.IsFinite(Clip), "--clip", Clip, "must be a positive number");
        Require(ValFraction is > 0 and < 1, "--val-fraction", ValFraction, "must lie strictly between 0 and 1");
        Require(CorpusSize >= 1_000, "--corpus-size", CorpusSize, "must be at least 1000 characters");
    }
}
