using System.CommandLine;
using Recur.Decoding;
using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>`recur lm train`: flags → <see cref="TrainOptions"/> → <see cref="TrainLoop.Run"/>, then samples and the final score.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var d = TrainSettings.Defaults;
        var text = new Option<string?>("--text") { Description = "UTF-8 text file to learn (first part trains, last --val-fraction validates). Default: a code-like corpus Recur generates itself." };
        var outDir = new Option<string?>("--out") { Description = $"Directory for weights, checkpoint, log.jsonl and loss.png. Default: the --resume directory, else {TrainOptions.DefaultOut} (or {TrainOptions.DefaultOut}-2, -3, … if taken)." };
        var resume = new Option<string?>("--resume") { Description = "Continue training from the checkpoint in this directory (same settings, same text)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing checkpoint in --out instead of refusing to." };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: rnn, lstm or gru.", DefaultValueFactory = _ => "lstm" };
        cell.AcceptOnlyFromAmong("rnn", "lstm", "gru");
        var layers = new Option<int>("--layers") { Description = "Number of stacked recurrent layers.", DefaultValueFactory = _ => d.Layers };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer.", DefaultValueFactory = _ => d.Hidden };
        var embedding = new Option<int>("--embedding") { Description = "Character embedding size.", DefaultValueFactory = _ => d.Embedding };
        var dropout = new Option<float>("--dropout") { Description = "Dropout between layers and before the output layer.", DefaultValueFactory = _ => d.Dropout };
        var seq = new Option<int>("--seq-length") { Description = "Characters per chunk: back-propagation is truncated after this many steps.", DefaultValueFactory = _ => d.SeqLength };
        var batch = new Option<int>("--batch-size") { Description = "Parallel text streams (batch rows).", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant, or cosine (decays to 0 at --steps).", DefaultValueFactory = _ => "constant" };
        schedule.AcceptOnlyFromAmong("constant", "cosine");
        var warmup = new Option<int>("--warmup") { Description = "Steps of linear learning-rate warmup (0: none).", DefaultValueFactory = _ => d.Warmup };
        var clip = new Option<double>("--clip") { Description = "Clip the gradient's global L2 norm to this value.", DefaultValueFactory = _ => d.Clip };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initial weights, dropout and the built-in corpus.", DefaultValueFactory = _ => d.Seed };
        var valFraction = new Option<double>("--val-fraction") { Description = "Fraction of the text, at its end, held out for validation.", DefaultValueFactory = _ => d.ValFraction };
        var corpusSize = new Option<int>("--corpus-size") { Description = "Characters of built-in corpus to generate when no --text is given.", DefaultValueFactory = _ => d.CorpusSize };
        var minutes = new Option<double?>("--minutes") { Description = "Wall-clock training budget of this run. Default: 2 when --steps is not given, else none." };
        var steps = new Option<int?>("--steps") { Description = "Stop after this many steps in total (counting those before a resume). Default: none." };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate on the validation text and write a checkpoint every this many steps.", DefaultValueFactory = _ => 200 };
        var threads = new Option<int?>("--threads") { Description = "Threads the kernels may use. Default: all processors." };
        var sampleLength = new Option<int>("--sample-length") { Description = "Characters of sample text printed after training (0: none).", DefaultValueFactory = _ => 300 };

        var command = new Command("train", "Train a character-level language model (Karpathy's char-RNN) with truncated BPTT.");
        foreach (var option in new Option[] { text, outDir, resume, overwrite, cell, layers, hidden, embedding, dropout, seq, batch, lr, schedule, warmup, clip, seed, valFraction, corpusSize, minutes, steps, evalEvery, threads, sampleLength })
            command.Options.Add(option);

        LmCommand.SetGuardedAction(command, (r, stdout, stderr) =>
        {
            T? Given<T>(Option<T> option) where T : struct => r.GetResult(option) is { Implicit: false } ? r.GetValue(option) : null;
            var options = new TrainOptions
            {
                Text = r.GetValue(text), Out = r.GetValue(outDir), Resume = r.GetValue(resume), Overwrite = r.GetValue(overwrite),
                Cell = r.GetResult(cell) is { Implicit: false } ? Enum.Parse<CellKind>(r.GetValue(cell)!, ignoreCase: true) : null,
                Layers = Given(layers), Hidden = Given(hidden), Embedding = Given(embedding), Dropout = Given(dropout),
                SeqLength = Given(seq), BatchSize = Given(batch), LearningRate = Given(lr),
                Schedule = r.GetResult(schedule) is { Implicit: false } ? Enum.Parse<LrSchedule>(r.GetValue(schedule)!, ignoreCase: true) : null,
                Warmup = Given(warmup), Clip = Given(clip), Seed = Given(seed), ValFraction = Given(valFraction), CorpusSize = Given(corpusSize),
                Minutes = r.GetValue(minutes), Steps = r.GetValue(steps), EvalEvery = r.GetValue(evalEvery), Threads = r.GetValue(threads),
                SampleLength = r.GetValue(sampleLength),
            };
            return Run(options, stdout);
        });
        return command;
    }

    static int Run(TrainOptions options, TextWriter stdout)
    {
        if (options.SampleLength < 0) throw new UserInputException($"--sample-length {options.SampleLength}: must be 0 or more");
        using var cancel = new CancellationTokenSource();
        // The first Ctrl-C asks the loop to stop after the current step and save; a second one ends the process.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var result = TrainingDisplay.Run(stdout, observer => TrainLoop.Run(options, observer, cancel.Token));
            if (result.Interrupted)
            {
                stdout.WriteLine($"stopped at step {result.Step}; checkpoint saved in {result.OutDir} (continue with --resume {result.OutDir})");
                return 0;
            }
            if (options.SampleLength > 0)
            {
                var generator = new Generator(1);
                for (int i = 1; i <= 2; i++)
                {
                    stdout.WriteLine($"--- sample {i} (temperature 0.8) ---");
                    stdout.WriteLine(CharLmSampler.Generate(result.Model, result.Vocabulary, "", options.SampleLength, new SamplingOptions(0.8f), generator));
                }
                stdout.WriteLine("---");
            }
            if (result.Validation is LmScore s)
                stdout.WriteLine($"validation loss {s.Nats:F4} nats/char ({s.BitsPerChar:F4} bits/char, perplexity {s.Perplexity:F2}) after {result.Step} steps; model in {result.OutDir}");
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
