using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Recur.Kernels;
using Recur.LanguageModels;
using Recur.Nn;
using Recur.Optim;
using Recur.Optim.Schedules;

namespace Recur.Cli.Commands.Lm;

/// <summary>How a training run ended.</summary>
public sealed record TrainResult(CharLanguageModel Model, CharVocabulary Vocabulary, int Step, LmScore? Validation, bool Interrupted, string OutDir);

/// <summary>
/// Character-model training as one straight-line function (nanoGPT's train.py): resolve settings, read and split the
/// text, build model and optimiser, optionally restore a checkpoint, then loop over truncated-BPTT chunks with the
/// hidden state carried across them, evaluating and checkpointing every <see cref="TrainOptions.EvalEvery"/> steps
/// and once more at the end or on cancellation. Everything that decides the weights (data position, carried state,
/// optimiser state, dropout generator, step) is in the checkpoint, so a run interrupted and resumed ends with the
/// same weights, bit for bit, as one that ran straight through.
/// </summary>
public static class TrainLoop
{
    public static TrainResult Run(TrainOptions o, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        // ---- settings, checks before anything is written ----
        if (o.EvalEvery < 1) throw new UserInputException($"--eval-every {o.EvalEvery}: must be at least 1");
        if (o.Steps is < 1) throw new UserInputException($"--steps {o.Steps}: must be at least 1");
        if (o.Minutes is double m && !(m > 0 && double.IsFinite(m))) throw new UserInputException($"--minutes {m}: must be a positive number");
        if (o.Threads is < 1) throw new UserInputException($"--threads {o.Threads}: must be at least 1");
        CheckpointInfo? resume = o.Resume is null ? null : Checkpoint.ReadInfo(o.Resume);
        var settings = resume is null ? TrainSettings.FromOptions(o) : resume.Settings.CheckResumeOptions(o, o.Resume!);
        // A resumed run may find its text under a new path; the fingerprint check below proves it is the same text.
        if (resume is not null && o.Text is not null) settings = settings with { Text = Path.GetFullPath(o.Text) };
        string outDir = o.Out ?? o.Resume ?? FreshDefaultOut();
        bool sameDir = o.Resume is not null && Path.GetFullPath(outDir) == Path.GetFullPath(o.Resume);
        if (!sameDir && !o.Overwrite && Checkpoint.Exists(outDir))
            throw new UserInputException($"{outDir}: already holds a checkpoint; pass --resume {outDir} to continue it, or --overwrite to replace it");

        string text = settings.Text is null ? SyntheticCorpus.Generate(settings.CorpusSize, settings.Seed) : TextInput.Read(settings.Text);
        string textName = settings.Text ?? "the built-in corpus";
        string textSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var vocabulary = resume?.BuildVocabulary() ?? CharVocabulary.FromText(text);
        if (resume is not null && (textSha != resume.TextSha256 || text.Length != resume.TextChars))
            throw new UserInputException($"--resume {o.Resume}: {textName} is not the text the checkpoint was trained on ({text.Length} characters, checkpoint: {resume.TextChars})");
        var (trainIds, valIds) = TextStreams.Split(vocabulary.Encode(text), settings.ValFraction);
        int T = settings.SeqLength, B = settings.BatchSize;
        if (trainIds.Length < B * (T + 1))
            throw new UserInputException($"{textName}: too short: its {trainIds.Length} training characters do not fill one batch of {B} streams × {T + 1} characters (--batch-size × (--seq-length + 1))");
        if (valIds.Length < 2)
            throw new UserInputException($"{textName}: too short to hold out a validation part (--val-fraction {settings.ValFraction} leaves {valIds.Length} characters)");
        var streams = new TextStreams(trainIds, B);
        if (o.Threads is int threads) Parallelism.MaxThreads = threads;

        // ---- model, optimiser, schedule; restored state when resuming ----
        var generator = new Generator(settings.Seed);
        var model = new CharLanguageModel(new CharLmConfig(settings.Cell, vocabulary.Count, settings.Embedding, settings.Hidden, settings.Layers, settings.Dropout), generator);
        var parameters = model.Parameters().ToList();
        var optimizer = new Adam(parameters, settings.LearningRate);
        ILearningRateSchedule schedule = settings.Schedule == LrSchedule.Cosine
            ? new CosineAnnealingLr(settings.LearningRate, settings.ScheduleSteps ?? throw new UserInputException("the cosine schedule has no horizon in the checkpoint"))
            : new ConstantLr(settings.LearningRate);
        if (settings.Warmup > 0) schedule = new LinearWarmup(schedule, settings.Warmup, 1.0 / settings.Warmup);
        int step = 0, position = 0;
        long tokens = 0;
        double elapsedBefore = 0;
        RecurrentState? state = null;
        if (resume is not null)
        {
            string dir = o.Resume!;
            LoadInto(dir, () => model.LoadStateDict(Checkpoint.ReadTensors(dir, resume, Checkpoint.ModelFile)), Checkpoint.ModelFile);
            LoadInto(dir, () => optimizer.LoadStateDict(Checkpoint.ReadTensors(dir, resume, Checkpoint.OptimizerFile)), Checkpoint.OptimizerFile);
            var saved = Checkpoint.ReadTensors(dir, resume, Checkpoint.StateFile);
            if (saved.TryGetValue("h", out var h))
            {
                var expected = model.ZeroState(B);
                if (!h.Shape.SequenceEqual(expected.H.Shape) || expected.C is not null && !(saved.TryGetValue("c", out var c0) && c0.Shape.SequenceEqual(expected.C.Shape)))
                    throw new UserInputException($"{Path.Combine(dir, Checkpoint.StateFile)}: the carried state does not fit the model");
                state = new RecurrentState(h, expected.C is null ? null : saved["c"]);
            }
            generator.State = resume.GeneratorState;
            (step, position, tokens, elapsedBefore) = (resume.Step, resume.Position, resume.Tokens, resume.ElapsedSeconds);
            if (position < 0 || position > streams.Length) throw new UserInputException($"{Path.Combine(dir, Checkpoint.InfoFile)}: position {position} lies outside the text streams");
        }

        Directory.CreateDirectory(outDir);
        Checkpoint.Recover(outDir);
        var log = new TrainingLog(Path.Combine(outDir, "log.jsonl"));
        if (sameDir) log.Restore(step);
        else if (File.Exists(log.Path)) File.Delete(log.Path);

        observer?.Message($"{textName}: {text.Length:N0} characters, vocabulary {vocabulary.Count}, {trainIds.Length:N0} train / {valIds.Length:N0} validation");
        observer?.Message($"model: {settings.Cell.ToString().ToLowerInvariant()} {settings.Layers}×{settings.Hidden}, embedding {settings.Embedding}, {model.ParameterCount:N0} parameters; batch {B} × {T} steps; {Parallelism.MaxThreads} threads"
            + (resume is null ? "" : $"; resumed at step {step}"));

        // ---- checkpointing and evaluation ----
        var clock = Stopwatch.StartNew();
        LmScore? lastScore = resume?.ValidationLoss is double v ? new LmScore(v, valIds.Length) : null;
        int lastSaved = resume?.Step ?? -1;
        void Save()
        {
            var info = new CheckpointInfo(CheckpointInfo.FormatName, CheckpointInfo.CurrentVersion, settings, vocabulary.Characters.Select(c => (int)c).ToArray(),
                textSha, text.Length, step, position, tokens, generator.State, elapsedBefore + clock.Elapsed.TotalSeconds, lastScore?.Nats, []);
            var carried = new Dictionary<string, Tensor>();
            if (state is RecurrentState s) { carried["h"] = s.H; if (s.C is not null) carried["c"] = s.C; }
            Checkpoint.Save(outDir, info, model.StateDict(), optimizer.StateDict(), carried);
            LossChart.Write(Path.Combine(outDir, "loss.png"), log.Entries);
            lastSaved = step;
        }
        void EvaluateAndSave()
        {
            var score = CharLmEvaluation.Evaluate(model, valIds);
            lastScore = score;
            log.Append(new LogEntry("eval", step, score.Nats, score.BitsPerChar, ElapsedSeconds: elapsedBefore + clock.Elapsed.TotalSeconds));
            observer?.Evaluated(step, score);
            Save();
        }

        // ---- the loop ----
        var deadline = o.Minutes is double minutes ? TimeSpan.FromMinutes(minutes) : (o.Steps is null ? TimeSpan.FromMinutes(2) : (TimeSpan?)null);
        double lossSum = 0;
        int lossCount = 0, firstStep = step;
        bool interrupted = false;
        model.Train();
        while (true)
        {
            if (o.Steps is int maxSteps && step >= maxSteps) break;
            if (deadline is TimeSpan d && clock.Elapsed >= d) break;
            if (cancellationToken.IsCancellationRequested) { interrupted = true; break; }

            if (!streams.HasFullChunk(position, T)) { position = 0; state = null; } // end of the streams: start a new epoch from zeros
            var (inputs, targets, _) = streams.Chunk(position, T);                    // (T, B) each
            position += T;
            optimizer.LearningRate = schedule.LearningRate(step);
            optimizer.ZeroGrad();
            var (logits, _, final) = model.Forward(inputs, T, B, state);              // (T·B, V)
            state = final.Detach();
            var loss = Functional.CrossEntropy(logits, targets);
            loss.Backward();
            GradientClipping.ClipGradNorm(parameters, settings.Clip);
            optimizer.Step();
            step++;
            tokens += T * B;

            float lossValue = loss.Item();
            lossSum += lossValue;
            lossCount++;
            double seconds = clock.Elapsed.TotalSeconds;
            double progress = Math.Max(o.Steps is int s2 ? (double)step / s2 : 0, deadline is TimeSpan d2 ? seconds / d2.TotalSeconds : 0);
            observer?.Step(new StepReport(step, lossValue, optimizer.LearningRate, (step - firstStep) * T * B / Math.Max(seconds, 1e-9), Math.Min(progress, 1), clock.Elapsed));
            if (step % 10 == 0)
            {
                log.Append(new LogEntry("train", step, lossSum / lossCount, LearningRate: optimizer.LearningRate,
                    TokensPerSecond: (step - firstStep) * T * B / Math.Max(seconds, 1e-9), ElapsedSeconds: elapsedBefore + seconds));
                (lossSum, lossCount) = (0, 0);
            }
            if (step % o.EvalEvery == 0) EvaluateAndSave();
        }

        if (lastSaved != step)
        {
            if (interrupted) { observer?.Message($"interrupted at step {step}: saving the checkpoint"); Save(); }
            else EvaluateAndSave();
        }
        return new TrainResult(model, vocabulary, step, lastScore, interrupted, outDir);
    }

    /// <summary>runs/charlm, or runs/charlm-2, -3, … when earlier runs hold checkpoints: running the default command twice never overwrites.</summary>
    static string FreshDefaultOut()
    {
        for (int i = 1; ; i++)
        {
            string candidate = i == 1 ? TrainOptions.DefaultOut : $"{TrainOptions.DefaultOut}-{i}";
            if (!Checkpoint.Exists(candidate)) return candidate;
        }
    }

    static void LoadInto(string dir, Action load, string file)
    {
        try { load(); }
        catch (InvalidDataException e) { throw new UserInputException($"{Path.Combine(dir, file)}: does not match the model in {Checkpoint.InfoFile}: {e.Message}"); }
    }
}
