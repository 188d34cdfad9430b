using System.Globalization;
using Recur.Kernels;
using Recur.SequenceTasks;

namespace Recur.Bench;

/// <summary>
/// The long-memory comparison of Bai, Kolter &amp; Koltun (2018), Table 1, within a CPU budget: every model of
/// --models on the adding problem (T = 200 and 600) and copy memory (T = 1000), each at the same parameter count per
/// task (the paper's 70K for adding, 16K for copy, hidden sizes from <see cref="SequenceLayers.HiddenFor"/>), trained
/// with locuslab/TCN's learning rate and clipping for the task (Adam, batch 32) for a fixed number of steps and scored
/// on a fixed 1000-sequence test set. Prints one markdown table, then each task's trivial baseline (a model that learnt
/// nothing scores it; the paper's LSTMs, 0.164 and 0.0204, sit there); progress goes to stderr.
/// Options: --models (default: all of <see cref="SequenceLayers.Names"/>), --tasks adding-200,adding-600,copy-1000,
/// --steps adding-200=1500,adding-600=600,copy-1000=600 (the budgets, task=steps: about 0.1, 0.33 and 0.27 CPU
/// seconds per LSTM step on one thread, so two to three CPU minutes per model and task; a task not listed gets 500), --adding-params 70000,
/// --copy-params 16000, --layers (default: each family's), --encoding scalar|onehot (copy input; scalar as locuslab),
/// --markers anywhere|halves (adding; anywhere as locuslab), --tcn-kernel 3 (locuslab: 7 for adding, 8 for copy), --test-size 1000,
/// --curriculum T=N (first N steps on the same task at length T, as suggested for the reference in locuslab/TCN#30; off by default),
/// --seed 1111, --eval-every 0 (steps between test scores on stderr; 0 scores only at the end), --threads 2.
/// </summary>
public static class SeqTasksBench
{
    public static int Run(BenchOptions o)
    {
        Parallelism.MaxThreads = o.Int("threads", 2);
        var models = o.String("models", string.Join(",", SequenceLayers.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var tasks = o.String("tasks", "adding-200,adding-600,copy-1000").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var budgets = Budgets(o.String("steps", "adding-200=1500,adding-600=600,copy-1000=600"));
        int? layers = o.OptionalInt("layers");
        int tcnKernel = o.Int("tcn-kernel", 3);
        var curriculum = o.Has("curriculum") ? Curriculum(o.String("curriculum", "")) : ((int, int)?)null;
        var encoding = o.String("encoding", "scalar") switch
        {
            "scalar" => CopyInputEncoding.Scalar,
            "onehot" => CopyInputEncoding.OneHot,
            var e => throw new ArgumentException($"--encoding must be scalar or onehot, not '{e}'"),
        };
        var markers = o.String("markers", "anywhere") switch
        {
            "anywhere" => AddingMarkers.Anywhere,
            "halves" => AddingMarkers.OneInEachHalf,
            var m => throw new ArgumentException($"--markers must be anywhere or halves, not '{m}'"),
        };
        Console.WriteLine($"| task | model | hidden | params | steps | lr | clip | wall s | s/step | test MSE / loss | accuracy |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var baselines = new List<string>();
        foreach (var taskName in tasks)
        {
            var (task, target) = Task(taskName, o, encoding, markers);
            int steps = budgets.GetValueOrDefault(task.Name, 500);
            baselines.Add(task switch
            {
                AddingProblem => FormattableString.Invariant($"{task.Name} MSE {AddingProblem.BaselineMse:G3} (always 1)"),
                CopyMemory c => FormattableString.Invariant($"{task.Name} loss {c.BaselineLoss:G3} (blanks, then a guess among 8 digits; accuracy 12.5 %)"),
                _ => $"{task.Name} –",
            });
            foreach (var model in models)
            {
                int hidden = SequenceLayers.HiddenFor(model, task.InputSize, target, h => (long)h * task.OutputSize + task.OutputSize, layers, tcnKernel: tcnKernel);
                var g = new Generator((ulong)o.Int("seed", 1111));
                var net = new SequenceTaskModel(SequenceLayers.Create(model, task.InputSize, hidden, layers, g, tcnKernel), task, g);
                var options = SequenceTaskTrainingOptions.For(task, steps) with
                {
                    TestSize = o.Int("test-size", 1000),
                    Seed = (ulong)o.Int("seed", 1111),
                    EvalEvery = o.Int("eval-every", 0),
                };
                // The curriculum the TCN authors suggest in locuslab/TCN#30: the same task at a shorter length first, then the
                // task itself with a fresh optimiser. Its steps and time count in the row's wall time; s/step is the task's own.
                string stepsText = "";
                var warmTime = TimeSpan.Zero;
                if (curriculum is var (shortLength, shortSteps) && shortLength != task.SequenceLength)
                {
                    var (shortTask, _) = Task($"{taskName.Split('-')[0]}-{shortLength}", o, encoding, markers);
                    var warm = SequenceTaskTraining.Run(shortTask, net, SequenceTaskTrainingOptions.For(shortTask, shortSteps) with { TestSize = options.TestSize, Seed = options.Seed },
                        new Reporter($"{shortTask.Name} {model}", Math.Max(1, shortSteps / 10)));
                    stepsText = FormattableString.Invariant($"{warm.Steps} at T {shortLength} ({warm.TestLoss:G3}) + ");
                    warmTime = warm.TrainTime;
                }
                var result = SequenceTaskTraining.Run(task, net, options, new Reporter($"{task.Name} {model}", Math.Max(1, steps / 10)));
                double wall = (warmTime + result.TrainTime).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {task.Name} | {model} | {hidden} | {result.Parameters} | {stepsText}{result.Steps}{(result.Diverged ? " (diverged)" : "")} | {options.LearningRate:G3} | {(options.ClipNorm is double c ? c.ToString("G3", CultureInfo.InvariantCulture) : "none")} | {wall:F1} | {result.TrainTime.TotalSeconds / Math.Max(1, result.Steps):F3} | {result.TestLoss:G4} | {(result.TestAccuracy is double a ? a.ToString("P1", CultureInfo.InvariantCulture) : "–")} |"));
            }
        }
        Console.WriteLine($"\n# baselines: {string.Join("; ", baselines)}");
        return 0;
    }

    static Dictionary<string, int> Budgets(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
    {
        var kv = pair.Split('=');
        if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out int steps))
            throw new ArgumentException($"--steps: '{pair}' is not <task>=<steps>, e.g. adding-600=500");
        return (kv[0], steps);
    }).ToDictionary(p => p.Item1, p => p.Item2);

    static (int Length, int Steps) Curriculum(string text)
    {
        var kv = text.Split('=');
        if (kv.Length != 2 || !int.TryParse(kv[0], NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length < 2
            || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out int steps) || steps < 1)
            throw new ArgumentException($"--curriculum: '{text}' is not <length>=<steps>, e.g. 200=1000");
        return (length, steps);
    }

    static (ISequenceTask Task, long Parameters) Task(string name, BenchOptions o, CopyInputEncoding encoding, AddingMarkers markers)
    {
        var parts = name.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int length))
            throw new ArgumentException($"--tasks: '{name}' is not adding-<T> or copy-<T>");
        return parts[0] switch
        {
            "adding" => (new AddingProblem(length, markers), o.Int("adding-params", 70_000)),
            "copy" => (new CopyMemory(length, encoding: encoding), o.Int("copy-params", 16_000)),
            _ => throw new ArgumentException($"--tasks: '{name}' is not adding-<T> or copy-<T>"),
        };
    }

    /// <summary>A stderr line every <paramref name="every"/> steps and at each test evaluation.</summary>
    sealed class Reporter(string label, int every) : IProgress<SequenceTaskProgress>
    {
        public void Report(SequenceTaskProgress p)
        {
            if (p.Step % every != 0 && p.TestLoss is null) return;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {label}: step {p.Step}/{p.Steps} train {p.TrainLoss:G4}{(p.TestLoss is double t ? $" test {t:G4}" : "")}{(p.TestAccuracy is double a ? $" accuracy {a:P1}" : "")}"));
        }
    }
}
