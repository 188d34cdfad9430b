using System.CommandLine;
using Recur.IO;
using Recur.Training;
using Recur.Translation;

namespace Recur.Cli.Commands.Translate;

/// <summary>
/// `recur translate train`: the flags of <see cref="TranslationSettings.Table"/> plus where to write, then
/// <see cref="TranslationTraining"/>. With no --src/--tgt it trains on the built-in date task with its own recipe
/// (<see cref="TranslationSettings.Dates"/>), the flags given overriding it. Exits 130 when interrupted.
/// </summary>
internal static class TranslateTrainCommand
{
    public const string DefaultOut = "runs/translate";

    public static Command Create()
    {
        var settings = new SettingOptions<TranslationSettings>(TranslationSettings.Table, new TranslationSettings());
        var run = new TrainingRunFlags<TranslationSettings>(TranslationTask.TaskName, DefaultOut, TranslationSettings.Table, new TranslationSettings(), TranslationTraining.ReadSettings);
        var command = new Command("train", "Train an attention encoder–decoder on sentence pairs. The defaults below are the Multi30k recipe; "
            + "with no --src/--tgt it trains on the built-in date-normalisation task with that task's own recipe (characters, embedding 32, hidden 128, "
            + "no readout, 3 minutes), which the flags given override.");
        foreach (var option in settings.Options.Concat(run.Options)) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) => Run(r, run, settings.Given(r), stdout));
        return command;
    }

    static int Run(ParseResult r, TrainingRunFlags<TranslationSettings> flags, IReadOnlyList<(Setting<TranslationSettings> Setting, object? Value)> given, TextWriter stdout)
    {
        var table = TranslationSettings.Table;
        bool builtIn = !given.Any(g => g.Setting.Flag is "--src" or "--tgt");
        var (settings, checkpoint) = flags.Settings(r, builtIn ? TranslationSettings.Dates : new TranslationSettings(), given);
        settings = settings with
        {
            Src = Full(settings.Src), Tgt = Full(settings.Tgt), ValidSrc = Full(settings.ValidSrc), ValidTgt = Full(settings.ValidTgt),
        };
        var problems = table.Problems(settings);
        if (problems.Count > 0) throw new UserInputException(problems[0]);

        var run = flags.Directory(r);
        string outDir = run.Path;

        var texts = settings.Src is null ? TranslationTraining.Texts.Dates(settings) : new TranslationTraining.Texts(
            Lines(settings.Src), Lines(settings.Tgt!), settings.Src, settings.Tgt!,
            settings.ValidSrc is null ? null : Lines(settings.ValidSrc), settings.ValidTgt is null ? null : Lines(settings.ValidTgt));
        TranslationTraining training;
        try
        {
            training = checkpoint is null ? TranslationTraining.Create(settings, texts, outDir) : TranslationTraining.Resume(checkpoint, settings, texts, outDir);
        }
        catch (Exception e) when (e is TrainingSetupException or CheckpointException or InvalidDataException) { throw new UserInputException(e.Message, e); }
        run.ClearReplacedBest();

        var task = training.Task;
        var data = task.Data;
        var s = task.Settings;
        stdout.WriteLine($"{texts.SourceName} → {texts.TargetName}: {data.TrainSource.Length:N0} training pairs"
            + (data.EmptySkipped > 0 ? $" ({data.EmptySkipped:N0} with an empty side skipped)" : "")
            + (data.TooLongSkipped > 0 ? $" ({data.TooLongSkipped:N0} longer than --max-length {s.MaxLength} skipped)" : "")
            + $", {data.ValidSource.Length:N0} validation pairs; vocabulary {data.Source.Vocabulary.Count:N0} source / {data.Target.Vocabulary.Count:N0} target tokens"
            + (data.ValidUnknown > 0 ? $"; {data.ValidUnknown:N0} validation tokens unseen in training count as <unk>" : ""));
        stdout.WriteLine($"model: {Setting<TranslationSettings>.Format(s.Cell)} encoder {(s.Bidirectional ? "bi" : "uni")}directional {s.EncoderLayers}×{s.Hidden}, "
            + $"attention {Setting<TranslationSettings>.Format(s.Attention)}, embedding {s.Embedding}, {task.Model.ParameterCount:N0} parameters; batch {s.BatchSize}; "
            + $"{s.Threads ?? Kernels.Parallelism.MaxThreads} threads; budget {training.Trainer.Budget}" + (checkpoint is null ? "" : $"; resumed at step {training.Trainer.Step}"));

        var (result, exit) = InterruptibleRun.Execute(stdout, "token", (progress, token) => training.Run(progress, token));
        if (flags.Unfinished(r, result, exit, outDir, training.Trainer.Budget, stdout) is int code) return code;
        if (result.LastMetrics is { } m)
            stdout.WriteLine($"validation BLEU {m["bleu"]:F2}, chrF {m["chrf"]:F2}, exact match {m["exact_match"]:P1}, perplexity {m["perplexity"]:F2} after {result.Step} steps; model in {outDir}"
                + (result.BestStep is int b && b != result.Step ? $", best (step {b}, BLEU {result.BestMetrics!["bleu"]:F2}) in {Path.Combine(outDir, Trainer.BestDir)}" : ""));
        return 0;
    }

    static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);

    static List<string> Lines(string path) => TextFile.ReadLines(path).Select(l => l.Text).ToList();
}
