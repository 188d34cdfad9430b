using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Kernels;
using Recur.Optim;
using Recur.Serialization;

namespace Recur.Training;

/// <summary>
/// The training loop every task shares (nanoGPT's train.py as a library type): steps until the budget is spent,
/// with the schedule's learning rate, gradient accumulation, clipping, a guard against non-finite losses and
/// gradients, evaluation and journalled checkpoints every <see cref="TrainerOptions.EvalEvery"/> steps, the best
/// checkpoint kept in <c>best/</c>, early stopping and plateau decay on a validation metric, a JSONL log and a
/// chart. Everything that decides the weights — step, epoch, data position, generator state, optimiser state, the
/// task's carried state, the plateau multiplier — is in the checkpoint, so a run interrupted and resumed with
/// <see cref="Restore"/> ends with the same weights, bit for bit, as one that ran straight through.
/// </summary>
public sealed class Trainer
{
    public const string ModelFile = "model.safetensors", OptimizerFile = "optimizer.safetensors",
        LogFile = "log.jsonl", ChartFile = "loss.png", BestDir = "best";

    readonly ITrainingTask task;
    readonly Optimizer optimizer;
    readonly Generator generator;
    readonly Dictionary<Tensor, string> names = new(ReferenceEqualityComparer.Instance);
    TrainerOptions options;
    TrainingBudget budget;
    readonly double baseRate;
    double elapsedBefore, lrMultiplier = 1;
    int evalsWithoutImprovement, plateauEvals;
    IReadOnlyDictionary<string, double>? lastMetrics, bestMetrics;
    int? bestStep;
    bool restored;
    // The train losses since the last log line, checkpointed so that a resumed run logs the same means.
    double pendingLossSum;
    int pendingLossCount;

    /// <param name="generator">The generator the task's model and data draw from (dropout, shuffling); its state is checkpointed.</param>
    public Trainer(ITrainingTask task, Optimizer optimizer, TrainerOptions options, Generator generator)
    {
        this.task = task ?? throw new ArgumentNullException(nameof(task));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.generator = generator ?? throw new ArgumentNullException(nameof(generator));
        options.Validate();
        budget = options.Budget ?? new TrainingBudget();
        baseRate = optimizer.LearningRate;
        foreach (var (name, p) in task.Model.NamedParameters()) names[p] = name;
    }

    public int Step { get; private set; }
    public int Epoch { get; private set; }
    public long Tokens { get; private set; }

    /// <summary>The budget in force: the options', or after <see cref="Restore"/> without one, the checkpoint's.</summary>
    public TrainingBudget Budget => budget;

    /// <summary>
    /// Continues the run saved in <paramref name="checkpoint"/>: weights, optimiser state, progress, the trainer's own
    /// state and (through <see cref="ITrainingTask.Restore"/>) the task's. A budget in the options replaces the
    /// checkpoint's; without one the original budget is finished.
    /// </summary>
    public void Restore(TrainingCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Task != task.Name) throw new CheckpointException($"{checkpoint.ManifestPath}: is a '{checkpoint.Task}' checkpoint, not a '{task.Name}' one");
        Load(checkpoint, ModelFile, t => task.Model.LoadStateDict(t));
        Load(checkpoint, OptimizerFile, optimizer.LoadStateDict);
        var progress = checkpoint.Section<ProgressSection>("progress");
        var state = checkpoint.Section<TrainerSection>("trainer");
        if (progress.GeneratorState is not { Length: 4 or 5 } || progress.Step < 0 || progress.Epoch < 0)
            throw new CheckpointException($"{checkpoint.ManifestPath}: the progress section is incomplete");
        task.Restore(checkpoint);
        generator.State = progress.GeneratorState;
        (Step, Epoch, Tokens, elapsedBefore) = (progress.Step, progress.Epoch, progress.Tokens, progress.ElapsedSeconds);
        budget = options.Budget ?? state.Budget ?? new TrainingBudget();
        (lrMultiplier, evalsWithoutImprovement, plateauEvals) = (state.LearningRateMultiplier, state.EvalsWithoutImprovement, state.PlateauEvals);
        (lastMetrics, bestMetrics, bestStep) = (state.LastMetrics, state.BestMetrics, state.BestStep);
        (pendingLossSum, pendingLossCount) = (state.PendingLossSum, state.PendingLossCount);
        restored = true;
    }

    static void Load(TrainingCheckpoint checkpoint, string file, Action<IReadOnlyDictionary<string, Tensor>> load)
    {
        var tensors = checkpoint.ReadTensors(file);
        try { load(tensors); }
        catch (InvalidDataException e) { throw new CheckpointException($"{Path.Combine(checkpoint.Directory, file)}: does not match the model: {e.Message}", e); }
    }

    /// <summary>Trains until the budget is spent, early stopping triggers or <paramref name="cancellationToken"/> is cancelled (then the checkpoint is saved).</summary>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var threads = options.Threads is int n ? Parallelism.Limit(n) : null;
        if (budget.IsUnbounded && !cancellationToken.CanBeCanceled)
            throw new InvalidOperationException("The run has no budget (steps, epochs or minutes) and cannot be cancelled, so it would never end.");
        if (restored && budget.IsSpent(Step, Epoch, elapsedBefore))
            return Result(TrainingOutcome.AlreadyFinished);

        string? dir = options.Directory;
        MetricsLog? log = null;
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
            string logPath = Path.Combine(dir, LogFile);
            log = restored ? MetricsLog.Continue(logPath, Step) : MetricsLog.Create(logPath);
        }
        var clock = Stopwatch.StartNew();
        double Elapsed() => elapsedBefore + clock.Elapsed.TotalSeconds;
        int lastSaved = restored ? Step : -1;
        long firstTokens = Tokens;
        double epochFraction = 0;
        var parameters = optimizer.Parameters;
        var outcome = TrainingOutcome.Finished;

        void Report(TrainingEvent e, double? loss = null, IReadOnlyDictionary<string, double>? metrics = null, bool best = false, string? message = null) =>
            progress?.Report(new TrainingProgress(e, Step, Epoch, budget.Fraction(Step, Epoch + epochFraction, Elapsed()), TimeSpan.FromSeconds(Elapsed()),
                loss, optimizer.LearningRate, (Tokens - firstTokens) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), metrics, best, message));

        void Save(bool best)
        {
            lastSaved = Step;
            if (dir is null) return;
            SaveCheckpoint(dir, Elapsed());
            if (best && options.KeepBest) SaveCheckpoint(Path.Combine(dir, BestDir), Elapsed());
            if (log is not null) MetricsChart.Write(Path.Combine(dir, ChartFile), log.Entries, options.ChartTitle, options.ChartLossLabel, options.Metric);
            Report(TrainingEvent.Saved);
        }

        bool EvaluateAndSave()
        {
            IReadOnlyDictionary<string, double> metrics;
            // Ctrl-C during an evaluation abandons it; the loop (or the end of the run) then saves the step as interrupted.
            try { metrics = task.Evaluate(cancellationToken); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return false; }
            lastMetrics = metrics;
            bool improved = Improves(metrics);
            if (improved) (bestMetrics, bestStep, evalsWithoutImprovement, plateauEvals) = (metrics, Step, 0, 0);
            else { evalsWithoutImprovement++; plateauEvals++; }
            if (!improved && options.PlateauDecay is { } decay && plateauEvals >= decay.Patience)
            {
                lrMultiplier *= decay.Factor;
                plateauEvals = 0;
                Report(TrainingEvent.Message, message: $"step {Step}: validation {options.Metric} has not improved for {decay.Patience} evaluation(s); learning-rate multiplier now {lrMultiplier:G4}");
            }
            log?.Append(new MetricsLogEntry("eval", Step, Epoch, WithElapsed(metrics, Elapsed())));
            Report(TrainingEvent.Evaluated, metrics: metrics, best: improved);
            Save(improved);
            return options.EarlyStopping is { } stop && evalsWithoutImprovement >= stop.Patience;
        }

        task.Model.Train();
        while (true)
        {
            if (budget.IsSpent(Step, Epoch, Elapsed())) break;
            if (cancellationToken.IsCancellationRequested) { outcome = TrainingOutcome.Interrupted; break; }

            double rate = (options.Schedule?.LearningRate(Step) ?? baseRate) * lrMultiplier;
            if (options.PlateauDecay is { } d) rate = Math.Max(rate, d.MinRate);
            optimizer.LearningRate = rate;
            optimizer.ZeroGrad();
            bool epochEnded = false;
            double stepLoss = 0, rateScales = 0;
            int k = options.AccumulationSteps;
            for (int micro = 0; micro < k; micro++)
            {
                var batch = task.NextBatch();
                float value = batch.Loss.Item();
                if (!float.IsFinite(value))
                    throw new NonFiniteTrainingException(Step + 1, null, $"step {Step + 1}: the loss is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; training stopped before updating the weights" + LastGood(dir, lastSaved));
                (k == 1 ? batch.Loss : batch.Loss * (1f / k)).Backward();
                stepLoss += value / k;
                rateScales += batch.LearningRateScale;
                Tokens += batch.Tokens;
                epochFraction = batch.EpochFraction;
                if (batch.EndsEpoch) { Epoch++; epochFraction = 0; epochEnded = true; }
            }
            double norm = options.ClipNorm is double clip ? GradientClipping.ClipGradNorm(parameters, clip) : GradientNorm(parameters);
            if (!double.IsFinite(norm))
            {
                string parameter = FirstNonFinite(parameters);
                throw new NonFiniteTrainingException(Step + 1, parameter, $"step {Step + 1}: the gradient of {parameter} is not finite; training stopped before updating the weights" + LastGood(dir, lastSaved));
            }
            if (rateScales != k) optimizer.LearningRate = rate * rateScales / k;   // the batches' mean factor
            optimizer.Step();
            Step++;
            pendingLossSum += stepLoss;
            pendingLossCount++;
            Report(TrainingEvent.Step, loss: stepLoss);
            if (Step % options.LogEvery == 0)
            {
                log?.Append(new MetricsLogEntry("train", Step, Epoch, new Dictionary<string, double>
                {
                    ["loss"] = pendingLossSum / pendingLossCount, ["learning_rate"] = optimizer.LearningRate,
                    ["tokens_per_second"] = (Tokens - firstTokens) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), ["elapsed_seconds"] = Elapsed(),
                }));
                (pendingLossSum, pendingLossCount) = (0, 0);
            }
            if (Step % options.EvalEvery == 0 || (options.EvalEachEpoch && epochEnded))
                if (EvaluateAndSave()) { outcome = TrainingOutcome.EarlyStopped; break; }
        }

        if (lastSaved != Step && outcome != TrainingOutcome.Interrupted && EvaluateAndSave()) outcome = TrainingOutcome.EarlyStopped;
        if (lastSaved != Step)
        {
            // Only an interruption, before or during the last evaluation, leaves the step unsaved.
            outcome = TrainingOutcome.Interrupted;
            Report(TrainingEvent.Message, message: $"interrupted at step {Step}: saving the checkpoint");
            Save(best: false);
        }
        elapsedBefore = Elapsed();
        return Result(outcome);
    }

    TrainingResult Result(TrainingOutcome outcome) => new(outcome, Step, Epoch, Tokens, elapsedBefore, lastMetrics, bestMetrics, bestStep);

    static string LastGood(string? dir, int lastSaved) =>
        dir is null ? "" : lastSaved >= 0 ? $" (the checkpoint in {dir} is from step {lastSaved})" : " (no checkpoint was written)";

    bool Improves(IReadOnlyDictionary<string, double> metrics)
    {
        if (!metrics.TryGetValue(options.Metric, out double value))
            throw new InvalidOperationException($"The task's evaluation has no '{options.Metric}' metric (it has {string.Join(", ", metrics.Keys)}).");
        if (bestMetrics is null || !bestMetrics.TryGetValue(options.Metric, out double best)) return double.IsFinite(value);
        double delta = options.EarlyStopping?.MinDelta ?? 0;
        if (value == best && options.TieBreakMetric is string tie && metrics.TryGetValue(tie, out double second) && bestMetrics.TryGetValue(tie, out double bestSecond))
            return second < bestSecond - delta;
        return options.MaximizeMetric ? value > best + delta : value < best - delta;
    }

    static Dictionary<string, double> WithElapsed(IReadOnlyDictionary<string, double> metrics, double elapsed) =>
        new(metrics) { ["elapsed_seconds"] = elapsed };

    static double GradientNorm(IReadOnlyList<Tensor> parameters)
    {
        double sum = 0;
        foreach (var p in parameters)
            if (p.Grad is { } g)
            {
                double n = TensorPrimitives.Norm<float>(g.AsSpan());
                sum += n * n;
            }
        return Math.Sqrt(sum);
    }

    string FirstNonFinite(IReadOnlyList<Tensor> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
            if (parameters[i].Grad is { } g && !AllFinite(g.AsSpan()))
                return names.TryGetValue(parameters[i], out var name) ? name : $"parameter {i}";
        return "a parameter (the norm overflowed)";
    }

    static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values) if (!float.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Writes the full training state to <paramref name="directory"/> through the journal.</summary>
    public void SaveCheckpoint(string directory, double? elapsedSeconds = null)
    {
        var contents = new CheckpointContents();
        task.Save(contents);
        var manifest = new JsonObject
        {
            ["format"] = TrainingCheckpoint.FormatName, ["version"] = TrainingCheckpoint.CurrentVersion, ["task"] = task.Name,
            ["progress"] = JsonSerializer.SerializeToNode(new ProgressSection(Step, Epoch, Tokens, elapsedSeconds ?? elapsedBefore, generator.State), CheckpointJson.Options),
            ["trainer"] = JsonSerializer.SerializeToNode(new TrainerSection(budget, lrMultiplier, evalsWithoutImprovement, plateauEvals, lastMetrics, bestMetrics, bestStep, pendingLossSum, pendingLossCount), CheckpointJson.Options),
        };
        if (contents.DataPosition is not null) manifest["progress"]!["data"] = contents.DataPosition.DeepClone();
        foreach (var (name, node) in contents.Sections)
        {
            if (manifest.ContainsKey(name) || name == "files") throw new InvalidOperationException($"The task may not write the manifest section '{name}'.");
            manifest[name] = node?.DeepClone();
        }
        var files = new List<(string, byte[])> { (ModelFile, Bytes(task.Model.StateDict())), (OptimizerFile, Bytes(optimizer.StateDict())) };
        foreach (var (name, tensors) in contents.TensorFiles) files.Add((name, Bytes(tensors)));
        new CheckpointJournal(directory).Save(manifest, files);
    }

    static byte[] Bytes(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var buffer = new MemoryStream();
        Safetensors.Save(buffer, tensors);
        return buffer.ToArray();
    }

    /// <summary>The <c>progress</c> section: where the run stands.</summary>
    public sealed record ProgressSection(int Step, int Epoch, long Tokens, double ElapsedSeconds, ulong[] GeneratorState);

    /// <summary>The <c>trainer</c> section: the budget and the trainer's own state (plateau multiplier, early-stopping count, metrics).</summary>
    public sealed record TrainerSection(
        TrainingBudget? Budget, double LearningRateMultiplier, int EvalsWithoutImprovement, int PlateauEvals,
        IReadOnlyDictionary<string, double>? LastMetrics, IReadOnlyDictionary<string, double>? BestMetrics, int? BestStep,
        double PendingLossSum, int PendingLossCount);
}
