using System.CommandLine;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// What the train commands of tasks built on <see cref="Trainer"/> share: the --out, --resume and --overwrite flags;
/// the settings of a run, from the flags over a baseline or, on resume, from the checkpoint with only resumable flags
/// changed; and the line that ends an interrupted or already finished run.
/// </summary>
internal sealed class TrainingRunFlags<TSettings>(string task, string defaultOut, SettingsTable<TSettings> table, TSettings defaults,
    Func<TrainingCheckpoint, TSettings> readStored)
{
    public Option<string?> Out { get; } = new("--out") { Description = $"Directory for weights, checkpoint, log.jsonl and loss.png. Default: the --resume directory, else {defaultOut} (or {defaultOut}-2, -3, … if taken)." };
    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue the run whose checkpoint is in this directory, to the budget it was started with unless a new one is given." };
    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace an existing checkpoint in --out instead of refusing to." };

    public IEnumerable<Option> Options => [Out, Resume, Overwrite];

    /// <summary>The run's settings and, when resuming, its checkpoint; a flag that would change a resumed run's model or data is an error listing each.</summary>
    public (TSettings Settings, TrainingCheckpoint? Checkpoint) Settings(ParseResult r, TSettings baseline, IReadOnlyList<(Setting<TSettings> Setting, object? Value)> given)
    {
        if (r.GetValue(Resume) is not string resumeDir) return (table.Apply(baseline, given), null);
        TrainingCheckpoint checkpoint;
        try { checkpoint = TrainingCheckpoint.Open(resumeDir, task); }
        catch (CheckpointException e) { throw new UserInputException(e.Message, e); }
        var stored = readStored(checkpoint);
        var conflicts = table.Conflicts(stored, given).ToList();
        if (conflicts.Count > 0) throw new UserInputException($"--resume {resumeDir}: the checkpoint is a different model or run: {string.Join("; ", conflicts)}");
        return (table.ForResume(stored, defaults, given), checkpoint);
    }

    public RunDirectory Directory(ParseResult r) => RunDirectory.Choose(r.GetValue(Out), r.GetValue(Resume), r.GetValue(Overwrite), defaultOut);

    /// <summary>Says how a run that did not finish its budget ended and returns its exit code; null for a finished run.</summary>
    public int? Unfinished(ParseResult r, TrainingResult result, int exitCode, string outDir, TrainingBudget budget, TextWriter stdout)
    {
        switch (result.Outcome)
        {
            case TrainingOutcome.Interrupted:
                stdout.WriteLine($"stopped at step {result.Step}; checkpoint saved in {outDir} (continue with --resume {outDir})");
                return exitCode;
            case TrainingOutcome.AlreadyFinished:
                stdout.WriteLine($"{r.GetValue(Resume)}: the run already reached its budget ({budget}) at step {result.Step}; give a larger --steps, --minutes or --epochs to train further");
                return 0;
            default:
                return null;
        }
    }
}
