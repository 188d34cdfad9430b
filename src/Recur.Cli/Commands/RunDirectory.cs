using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// Where a training command writes: --out, else the --resume directory, else a default that never overwrites
/// (<c>runs/x</c>, or <c>runs/x-2</c>, <c>-3</c>, … when earlier runs hold checkpoints). A directory that already holds
/// another run's checkpoint is refused unless --overwrite; the replaced run's <c>best/</c> goes once the new run is set up.
/// </summary>
internal sealed class RunDirectory
{
    readonly bool replacing;

    RunDirectory(string path, bool replacing) => (Path, this.replacing) = (path, replacing);

    public string Path { get; }

    public static RunDirectory Choose(string? outOption, string? resumeDir, bool overwrite, string defaultOut)
    {
        string dir = outOption ?? resumeDir ?? Fresh(defaultOut);
        bool sameDir = resumeDir is not null && System.IO.Path.GetFullPath(dir) == System.IO.Path.GetFullPath(resumeDir);
        if (!sameDir && !overwrite && CheckpointJournal.Exists(dir))
            throw new UserInputException($"{dir}: already holds a checkpoint; pass --resume {dir} to continue it, or --overwrite to replace it");
        return new RunDirectory(dir, overwrite && !sameDir);
    }

    /// <summary>Removes the best checkpoint of the run being replaced, so that it is never taken for the new run's.</summary>
    public void ClearReplacedBest()
    {
        string best = System.IO.Path.Combine(Path, Trainer.BestDir);
        if (replacing && Directory.Exists(best)) Directory.Delete(best, recursive: true);
    }

    static string Fresh(string defaultOut)
    {
        for (int i = 1; ; i++)
        {
            string candidate = i == 1 ? defaultOut : $"{defaultOut}-{i}";
            if (!CheckpointJournal.Exists(candidate)) return candidate;
        }
    }
}
