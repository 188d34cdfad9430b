using System.CommandLine;
using Recur.IO;
using Recur.Speech;
using Recur.Training;

namespace Recur.Cli.Commands.Asr;

/// <summary>
/// `recur asr train`: the flags of <see cref="AsrSettings.Table"/> plus where to write, then <see cref="AsrTraining"/>.
/// With no --manifest it trains on the built-in tone task with its own recipe (<see cref="AsrSettings.Tones"/>), the
/// flags given overriding it. Exits 130 when interrupted.
/// </summary>
internal static class AsrTrainCommand
{
    public const string DefaultOut = "runs/asr";

    public static Command Create()
    {
        var settings = new SettingOptions<AsrSettings>(AsrSettings.Table, new AsrSettings());
        var run = new TrainingRunFlags<AsrSettings>(AsrTask.TaskName, DefaultOut, AsrSettings.Table, new AsrSettings(), AsrTraining.ReadSettings);
        var command = new Command("train", "Train a CTC recogniser on a manifest of 'path<TAB>transcript' lines. The defaults below are for 16 kHz speech; "
            + "with no --manifest it trains on the built-in task of tone-spelled words with that task's own recipe (8 kHz, 40 bins, LSTM 2×128, 3 minutes), "
            + "which the flags given override.");
        foreach (var option in settings.Options.Concat(run.Options)) command.Options.Add(option);
        LmCommand.SetGuardedAction(command, (r, stdout, _) => Run(r, run, settings.Given(r), stdout));
        return command;
    }

    static int Run(ParseResult r, TrainingRunFlags<AsrSettings> flags, IReadOnlyList<(Setting<AsrSettings> Setting, object? Value)> given, TextWriter stdout)
    {
        bool builtIn = !given.Any(g => g.Setting.Flag == "--manifest");
        var (settings, checkpoint) = flags.Settings(r, builtIn ? AsrSettings.Tones : new AsrSettings(), given);
        settings = settings with { Manifest = Full(settings.Manifest), ValidManifest = Full(settings.ValidManifest) };
        var problems = AsrSettings.Table.Problems(settings);
        if (problems.Count > 0) throw new UserInputException(problems[0]);
        if (settings.Manifest is null && settings.ValidManifest is not null) throw new UserInputException("--valid-manifest: give --manifest too (the built-in task has its own held-out part)");

        var run = flags.Directory(r);
        string outDir = run.Path;
        var recordings = settings.Manifest is null ? AsrTraining.Recordings.Tones(settings) : AsrTraining.Recordings.FromManifests(
            SpeechManifest.Read(settings.Manifest), settings.ValidManifest is null ? null : SpeechManifest.Read(settings.ValidManifest));
        stdout.WriteLine($"reading {recordings.Train.Count + (recordings.Valid?.Count ?? 0):N0} recordings of {recordings.Name} …");
        AsrTraining training;
        try
        {
            training = checkpoint is null ? AsrTraining.Create(settings, recordings, outDir) : AsrTraining.Resume(checkpoint, settings, recordings, outDir);
        }
        catch (Exception e) when (e is TrainingSetupException or CheckpointException or InvalidDataException) { throw new UserInputException(e.Message, e); }
        run.ClearReplacedBest();

        var task = training.Task;
        var data = task.Data;
        var s = task.Settings;
        stdout.WriteLine($"{recordings.Name}: {data.Train.Count:N0} training utterances ({data.TrainSeconds / 60:F1} min of audio), {data.Valid.Count:N0} validation utterances"
            + (data.TooShortSkipped > 0 ? $"; {data.TooShortSkipped:N0} too short for their transcript at the model's frame rate skipped" : "")
            + (data.UnknownCharacterSkipped > 0 ? $"; {data.UnknownCharacterSkipped:N0} validation transcripts with characters outside the training alphabet skipped" : "")
            + $"; alphabet of {data.Alphabet.Count - 1} characters + blank");
        stdout.WriteLine($"model: {Setting<AsrSettings>.Format(s.Features)} {s.Bins} × {s.Stack} stacked frames, {Setting<AsrSettings>.Format(s.Cell)} "
            + $"{(s.Bidirectional ? "bi" : "uni")}directional {s.Layers}×{s.Hidden}, {task.Model.ParameterCount:N0} parameters; batch {s.BatchSize}; "
            + $"{s.Threads ?? Kernels.Parallelism.MaxThreads} threads; budget {training.Trainer.Budget}" + (checkpoint is null ? "" : $"; resumed at step {training.Trainer.Step}"));

        var (result, exit) = InterruptibleRun.Execute(stdout, "character", (progress, token) => training.Run(progress, token));
        if (flags.Unfinished(r, result, exit, outDir, training.Trainer.Budget, stdout) is int code) return code;
        if (result.LastMetrics is { } m)
            stdout.WriteLine($"validation WER {100 * m["wer"]:F2}%, CER {100 * m["cer"]:F2}%, loss {m["loss"]:F4} after {result.Step} steps; model in {outDir}"
                + (result.BestStep is int b && b != result.Step ? $", best (step {b}, WER {100 * result.BestMetrics!["wer"]:F2}%) in {Path.Combine(outDir, Trainer.BestDir)}" : ""));
        return 0;
    }

    static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
}
