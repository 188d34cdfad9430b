using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.LanguageModels;
using Recur.Training;

namespace Recur.Cli.Commands.Lm;

/// <summary>`recur lm info`: what a model directory holds — settings, vocabulary, parameters, training progress, validation figures and files.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory written by `recur lm train` (its last checkpoint; best/ is described beside it).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Describe a trained model: settings, vocabulary, parameter count, steps, validation figures, files.");
        command.Options.Add(model);
        command.Options.Add(json);
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            string dir = r.GetValue(model)!;
            var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
            var settings = LmTraining.ReadSettings(checkpoint);
            var (characters, words) = LmTraining.ReadVocabulary(checkpoint, settings.Level);
            int vocabularySize = characters?.Count ?? words!.Count;
            string unit = settings.Level == LmLevel.Char ? "char" : "word";
            var weights = checkpoint.ReadTensors(Trainer.ModelFile);
            // A tied model's file holds the shared matrix under both names, as PyTorch's state_dict does; it is one parameter.
            long parameters = weights.Values.Sum(t => (long)t.Count) - (settings.Tie && weights.TryGetValue("head.weight", out var tied) ? tied.Count : 0);
            var progress = checkpoint.Section<Trainer.ProgressSection>("progress");
            var trainer = checkpoint.Section<Trainer.TrainerSection>("trainer");
            string best = Path.Combine(dir, Trainer.BestDir);
            bool hasBest = CheckpointJournal.Exists(best);
            var budget = trainer.Budget ?? new TrainingBudget();
            bool finished = budget.IsSpent(progress.Step, progress.Epoch, progress.ElapsedSeconds);
            var files = checkpoint.Files.ToDictionary(f => f.Key, f => f.Value.Bytes);

            if (r.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["task"] = checkpoint.Task, ["settings"] = checkpoint.Manifest["settings"]?.DeepClone(), ["level"] = unit, ["vocabulary_size"] = vocabularySize,
                    ["parameters"] = parameters, ["step"] = progress.Step, ["epoch"] = progress.Epoch, ["tokens"] = progress.Tokens,
                    ["elapsed_seconds"] = progress.ElapsedSeconds, ["budget"] = budget.ToString(), ["finished"] = finished,
                    ["last"] = JsonSerializer.SerializeToNode(trainer.LastMetrics), ["best"] = JsonSerializer.SerializeToNode(trainer.BestMetrics),
                    ["best_step"] = trainer.BestStep, ["best_dir"] = hasBest ? best : null, ["files"] = JsonSerializer.SerializeToNode(files),
                };
                stdout.WriteLine(o.ToJsonString());
                return 0;
            }
            stdout.WriteLine($"{dir}: {(settings.Level == LmLevel.Char ? "character" : "word")} language model ({checkpoint.Task} checkpoint, format version {TrainingCheckpoint.CurrentVersion})");
            stdout.WriteLine($"  model       {settings.ModelSummary}, dropout {settings.Dropout}; {parameters:N0} parameters; vocabulary {vocabularySize:N0} {unit}s");
            stdout.WriteLine($"  settings    {string.Join(" ", LmSettings.Table.Where(s => s.Scope != SettingScope.Invocation && s.Get(settings) is not null).Select(s => $"{s.Flag} {Setting<LmSettings>.Format(s.Get(settings))}"))}");
            stdout.WriteLine($"  trained     {progress.Step:N0} steps, {progress.Epoch} epochs, {progress.Tokens:N0} tokens, {TimeSpan.FromSeconds(progress.ElapsedSeconds):hh\\:mm\\:ss}; budget {budget}" + (finished ? " (reached)" : " (not reached: --resume continues)"));
            if (trainer.LastMetrics is { } last) stdout.WriteLine($"  last        {TrainingDisplay.EvalLine(progress.Step, last, unit).Trim()}");
            if (trainer.BestMetrics is { } bestMetrics) stdout.WriteLine($"  best        {TrainingDisplay.EvalLine(trainer.BestStep ?? 0, bestMetrics, unit).Trim()}" + (hasBest ? $", in {best} (what sample, eval and inspect load)" : ""));
            stdout.WriteLine($"  files       {string.Join(", ", files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {Size(f.Value)}"))}");
            return 0;
        });
        return command;
    }

    static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes / (1024.0 * 1024):F1} MiB",
    };
}
