using System.CommandLine;
using Recur.Decoding;
using Recur.LanguageModels;
using Recur.Training;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// `recur lm train`: the flags of <see cref="LmSettings.Table"/> plus where to write, then
/// <see cref="LmTraining"/>: a new run, or with <c>--resume</c> the continuation of a stored one (its settings,
/// its text and the rest of its budget). Prints samples and the final score; exits 130 when interrupted.
/// </summary>
internal static class TrainCommand
{
    public const string DefaultOut = "runs/charlm";

    public static Command Create()
    {
        var settings = new SettingOptions<LmSettings>(LmSettings.Table, new LmSettings());
        var outDir = new Option<string?>("--out") { Description = $"Directory for weights, checkpoint, log.jsonl and loss.png. Default: the --resume directory, else {DefaultOut} (or {DefaultOut}-2, -3, … if taken)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run whose checkpoint is in this directory, to the budget it was started with unless a new one is given." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing checkpoint in --out instead of refusing to." };
        var sampleLength = new Option<int>("--sample-length") { Description = "Characters of sample text printed after training (0: none; character models only).", DefaultValueFactory = _ => 300 };
        var preset = new Option<string?>("--preset") { Description = "Start from a published recipe; flags given override it: zaremba-small (2×200 word LSTM, SGD, 13 epochs) or zaremba-medium (2×650, dropout 0.5, 39 epochs).", HelpName = string.Join("|", LmSettings.Presets.Keys) };

        var command = new Command("train", "Train a character-level language model (Karpathy's char-RNN) with truncated BPTT.");
        foreach (var option in settings.Options.Concat([preset, outDir, resume, overwrite, sampleLength])) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            int samples = r.GetValue(sampleLength);
            if (samples < 0) throw new UserInputException($"--sample-length {samples}: must be 0 or more");
            string? presetName = r.GetValue(preset);
            LmSettings? baseline = null;
            if (presetName is not null && !LmSettings.Presets.TryGetValue(presetName, out baseline))
                throw new UserInputException($"--preset: '{presetName}' is not one of {string.Join(", ", LmSettings.Presets.Keys)}");
            if (baseline is not null && r.GetValue(resume) is not null) throw new UserInputException("--preset: a resumed run keeps the settings it was started with");
            return Run(baseline ?? new LmSettings(), settings.Given(r), r.GetValue(outDir), r.GetValue(resume), r.GetValue(overwrite), samples, stdout);
        });
        return command;
    }

    static int Run(LmSettings baseline, IReadOnlyList<(Setting<LmSettings> Setting, object? Value)> given, string? outOption, string? resumeDir, bool overwrite, int sampleLength, TextWriter stdout)
    {
        var table = LmSettings.Table;
        TrainingCheckpoint? checkpoint = null;
        LmSettings settings;
        if (resumeDir is null) settings = table.Apply(baseline, given);
        else
        {
            checkpoint = Open(resumeDir);
            var stored = LmTraining.ReadSettings(checkpoint);
            var conflicts = table.Conflicts(stored, given).ToList();
            if (stored.Text is null && given.Any(g => g.Setting.Flag == "--text")) conflicts.Add($"--text {given.First(g => g.Setting.Flag == "--text").Value} (checkpoint: the built-in corpus)");
            if (conflicts.Count > 0)
                throw new UserInputException($"--resume {resumeDir}: the checkpoint is a different model or run: {string.Join("; ", conflicts)}");
            settings = table.ForResume(stored, new LmSettings(), given);
        }
        if (settings.Text is not null) settings = settings with { Text = Path.GetFullPath(settings.Text) };
        if (settings.Valid is not null) settings = settings with { Valid = Path.GetFullPath(settings.Valid) };
        var problems = table.Problems(settings);
        if (problems.Count > 0) throw new UserInputException(problems[0]);

        var run = RunDirectory.Choose(outOption, resumeDir, overwrite, DefaultOut);
        string outDir = run.Path;

        string text = settings.Text is null ? SyntheticCorpus.Generate(settings.CorpusSize, settings.Seed) : TextInput.Read(settings.Text);
        string? validation = settings.Valid is null ? null : TextInput.Read(settings.Valid);
        LmTraining training;
        try
        {
            training = checkpoint is null
                ? LmTraining.Create(settings, text, validation, outDir)
                : LmTraining.Resume(checkpoint, settings, text, validation, outDir);
        }
        catch (Exception e) when (e is TrainingSetupException or CheckpointException) { throw new UserInputException(e.Message, e); }
        run.ClearReplacedBest();

        var task = training.Task;
        var s = task.Settings;
        var corpus = task.Corpus;
        string unit = corpus.Unit;
        stdout.WriteLine($"{corpus.Name}: {corpus.Length:N0} characters, vocabulary {corpus.VocabularySize:N0} {unit}s, {corpus.Train.Length:N0} train / {corpus.Validation.Length:N0} validation {unit}s"
            + (settings.Valid is null ? "" : $" (from {settings.Valid})") + (corpus.ValidationUnknown > 0 ? $"; {corpus.ValidationUnknown:N0} validation words unseen in training count as <unk>" : ""));
        stdout.WriteLine($"model: {s.ModelSummary}, {task.Model.ParameterCount:N0} parameters; batch {s.BatchSize} × {s.SeqLength} steps; "
            + $"{s.Threads ?? Kernels.Parallelism.MaxThreads} threads; budget {training.Trainer.Budget}" + (checkpoint is null ? "" : $"; resumed at step {training.Trainer.Step}"));

        var (result, exit) = InterruptibleRun.Execute(stdout, unit, (progress, token) => training.Run(progress, token));
        switch (result.Outcome)
        {
            case TrainingOutcome.Interrupted:
                stdout.WriteLine($"stopped at step {result.Step}; checkpoint saved in {outDir} (continue with --resume {outDir})");
                return exit;
            case TrainingOutcome.AlreadyFinished:
                stdout.WriteLine($"{resumeDir}: the run already reached its budget ({training.Trainer.Budget}) at step {result.Step}; give a larger --steps, --minutes or --epochs to train further");
                return 0;
        }
        if (sampleLength > 0 && corpus.Characters is { } characters)
        {
            var generator = new Generator(1);
            for (int i = 1; i <= 2; i++)
            {
                stdout.WriteLine($"--- sample {i} (temperature 0.8) ---");
                stdout.WriteLine(CharLmSampler.Generate(task.Model, characters, "", sampleLength, new SamplingOptions(0.8f), generator));
            }
            stdout.WriteLine("---");
        }
        if (result.LastMetrics is { } m)
            stdout.WriteLine($"validation loss {m["loss"]:F4} nats/{unit} ("
                + (m.TryGetValue("bpc", out double bpc) ? $"{bpc:F4} bits/char, " : "") + $"perplexity {m["perplexity"]:F2}) after {result.Step} steps"
                + (result.Outcome == TrainingOutcome.EarlyStopped ? " (stopped early)" : "") + $"; model in {outDir}"
                + (result.BestStep is int b && b != result.Step ? $", best (step {b}, {result.BestMetrics!["loss"]:F4}) in {Path.Combine(outDir, Trainer.BestDir)}" : ""));
        return 0;
    }

    static TrainingCheckpoint Open(string dir)
    {
        try { return TrainingCheckpoint.Open(dir, LmTask.TaskName); }
        catch (CheckpointException e) { throw new UserInputException(e.Message, e); }
    }
}
