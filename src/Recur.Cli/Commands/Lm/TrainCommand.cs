using System.CommandLine;
using Recur.LanguageModels;
using Recur.Training;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// `recur lm train`: the flags of <see cref="CharLmSettings.Table"/> plus where to write, then
/// <see cref="CharLmTraining"/>: a new run, or with <c>--resume</c> the continuation of a stored one (its settings,
/// its text and the rest of its budget). Prints samples and the final score; exits 130 when interrupted.
/// </summary>
internal static class TrainCommand
{
    public const string DefaultOut = "runs/charlm";
    public const int InterruptedExitCode = 130;

    public static Command Create()
    {
        var settings = new SettingOptions<CharLmSettings>(CharLmSettings.Table, new CharLmSettings());
        var outDir = new Option<string?>("--out") { Description = $"Directory for weights, checkpoint, log.jsonl and loss.png. Default: the --resume directory, else {DefaultOut} (or {DefaultOut}-2, -3, … if taken)." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run whose checkpoint is in this directory, to the budget it was started with unless a new one is given." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing checkpoint in --out instead of refusing to." };
        var sampleLength = new Option<int>("--sample-length") { Description = "Characters of sample text printed after training (0: none).", DefaultValueFactory = _ => 300 };

        var command = new Command("train", "Train a character-level language model (Karpathy's char-RNN) with truncated BPTT.");
        foreach (var option in settings.Options.Concat([outDir, resume, overwrite, sampleLength])) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            int samples = r.GetValue(sampleLength);
            if (samples < 0) throw new UserInputException($"--sample-length {samples}: must be 0 or more");
            return Run(settings.Given(r), r.GetValue(outDir), r.GetValue(resume), r.GetValue(overwrite), samples, stdout);
        });
        return command;
    }

    static int Run(IReadOnlyList<(Setting<CharLmSettings> Setting, object? Value)> given, string? outOption, string? resumeDir, bool overwrite, int sampleLength, TextWriter stdout)
    {
        var table = CharLmSettings.Table;
        TrainingCheckpoint? checkpoint = null;
        CharLmSettings settings;
        if (resumeDir is null) settings = table.Apply(new CharLmSettings(), given);
        else
        {
            checkpoint = Open(resumeDir);
            var stored = CharLmTraining.ReadSettings(checkpoint);
            var conflicts = table.Conflicts(stored, given).ToList();
            if (stored.Text is null && given.Any(g => g.Setting.Flag == "--text")) conflicts.Add($"--text {given.First(g => g.Setting.Flag == "--text").Value} (checkpoint: the built-in corpus)");
            if (conflicts.Count > 0)
                throw new UserInputException($"--resume {resumeDir}: the checkpoint is a different model or run: {string.Join("; ", conflicts)}");
            settings = table.ForResume(stored, new CharLmSettings(), given);
        }
        if (settings.Text is not null) settings = settings with { Text = Path.GetFullPath(settings.Text) };
        var problems = table.Problems(settings);
        if (problems.Count > 0) throw new UserInputException(problems[0]);

        string outDir = outOption ?? resumeDir ?? FreshDefaultOut();
        bool sameDir = resumeDir is not null && Path.GetFullPath(outDir) == Path.GetFullPath(resumeDir);
        if (!sameDir && CheckpointJournal.Exists(outDir))
        {
            if (!overwrite) throw new UserInputException($"{outDir}: already holds a checkpoint; pass --resume {outDir} to continue it, or --overwrite to replace it");
        }

        string text = settings.Text is null ? SyntheticCorpus.Generate(settings.CorpusSize, settings.Seed) : TextInput.Read(settings.Text);
        CharLmTraining training;
        try
        {
            training = checkpoint is null
                ? CharLmTraining.Create(settings, text, outDir)
                : CharLmTraining.Resume(checkpoint, settings, text, outDir);
        }
        catch (Exception e) when (e is TrainingSetupException or CheckpointException) { throw new UserInputException(e.Message, e); }
        if (overwrite && !sameDir && Directory.Exists(Path.Combine(outDir, Trainer.BestDir)))
            Directory.Delete(Path.Combine(outDir, Trainer.BestDir), recursive: true);   // the best of the run being replaced

        var task = training.Task;
        var s = task.Settings;
        stdout.WriteLine($"{task.TextName}: {task.TextChars:N0} characters, vocabulary {task.Vocabulary.Count}, {task.TrainCharacters:N0} train / {task.ValidationCharacters:N0} validation");
        stdout.WriteLine($"model: {s.Cell.ToString().ToLowerInvariant()} {s.Layers}×{s.Hidden}, embedding {s.Embedding}, {task.Model.ParameterCount:N0} parameters; batch {s.BatchSize} × {s.SeqLength} steps; "
            + $"{s.Threads ?? Kernels.Parallelism.MaxThreads} threads; budget {training.Trainer.Budget}" + (checkpoint is null ? "" : $"; resumed at step {training.Trainer.Step}"));

        using var cancel = new CancellationTokenSource();
        // The first Ctrl-C asks the trainer to stop after the current step and save; a second one ends the process.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        TrainingResult result;
        try { result = TrainingDisplay.Run(stdout, "char", progress => training.Run(progress, cancel.Token)); }
        catch (NonFiniteTrainingException e) { throw new UserInputException(e.Message, e); }
        finally { Console.CancelKeyPress -= onCancel; }

        switch (result.Outcome)
        {
            case TrainingOutcome.Interrupted:
                stdout.WriteLine($"stopped at step {result.Step}; checkpoint saved in {outDir} (continue with --resume {outDir})");
                return InterruptedExitCode;
            case TrainingOutcome.AlreadyFinished:
                stdout.WriteLine($"{resumeDir}: the run already reached its budget ({training.Trainer.Budget}) at step {result.Step}; give a larger --steps, --minutes or --epochs to train further");
                return 0;
        }
        if (sampleLength > 0)
        {
            var generator = new Generator(1);
            for (int i = 1; i <= 2; i++)
            {
                stdout.WriteLine($"--- sample {i} (temperature 0.8) ---");
                stdout.WriteLine(CharLmSampler.Generate(task.Model, task.Vocabulary, "", sampleLength, new SamplingOptions(0.8f), generator));
            }
            stdout.WriteLine("---");
        }
        if (result.LastMetrics is { } m)
            stdout.WriteLine($"validation loss {m["loss"]:F4} nats/char ({m["bpc"]:F4} bits/char, perplexity {m["perplexity"]:F2}) after {result.Step} steps"
                + (result.Outcome == TrainingOutcome.EarlyStopped ? " (stopped early)" : "") + $"; model in {outDir}"
                + (result.BestStep is int b && b != result.Step ? $", best (step {b}, {result.BestMetrics!["loss"]:F4}) in {Path.Combine(outDir, Trainer.BestDir)}" : ""));
        return 0;
    }

    static TrainingCheckpoint Open(string dir)
    {
        try { return TrainingCheckpoint.Open(dir, CharLmTask.TaskName); }
        catch (CheckpointException e) { throw new UserInputException(e.Message, e); }
    }

    /// <summary>runs/charlm, or runs/charlm-2, -3, … when earlier runs hold checkpoints: running the default command twice never overwrites.</summary>
    static string FreshDefaultOut()
    {
        for (int i = 1; ; i++)
        {
            string candidate = i == 1 ? DefaultOut : $"{DefaultOut}-{i}";
            if (!CheckpointJournal.Exists(candidate)) return candidate;
        }
    }
}
