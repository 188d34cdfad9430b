using System.Diagnostics;
using Recur.Training;
using Spectre.Console;

namespace Recur.Cli.Commands;

/// <summary>
/// Shows a training run: a live Spectre.Console progress bar (step, loss, tokens/s, ETA) on an interactive
/// terminal, or plain lines every ten seconds when output is redirected or written elsewhere (tests, logs, CI).
/// Evaluations and messages are always printed as lines. The bar ends where the run ended: full only when the
/// budget was spent.
/// </summary>
internal static class TrainingDisplay
{
    public static TrainingResult Run(TextWriter output, string metricUnit, Func<IProgress<TrainingProgress>, TrainingResult> train)
    {
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!live) return train(new Plain(output, metricUnit));
        TrainingResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1000);
                result = train(new Live(task, metricUnit));
                if (result.Outcome == TrainingOutcome.Finished) task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    public static string EvalLine(int step, IReadOnlyDictionary<string, double> m, string unit) =>
        $"step {step,6}: validation {m["loss"]:F4} nats/{unit}"
        + (m.TryGetValue("bpc", out double bpc) ? $", {bpc:F4} bits/{unit}" : "")
        + (m.TryGetValue("perplexity", out double ppl) ? $" (perplexity {ppl:F2})" : "")
        + (m.TryGetValue("bleu", out double bleu) ? $", BLEU {bleu:F2}" : "")
        + (m.TryGetValue("chrf", out double chrF) ? $", chrF {chrF:F2}" : "")
        + (m.TryGetValue("wer", out double wer) ? $", WER {wer:P2}" : "")
        + (m.TryGetValue("cer", out double cer) ? $", CER {cer:P2}" : "")
        + (m.TryGetValue("exact_match", out double exact) ? $", exact match {exact:P1}" : "");

    sealed class Live(ProgressTask task, string unit) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            switch (p.Event)
            {
                case TrainingEvent.Step:
                    task.Description = Markup.Escape($"step {p.Step,6}  loss {p.Loss:F3}  {p.TokensPerSecond:N0} tok/s");
                    task.Value = p.Fraction * task.MaxValue;
                    break;
                case TrainingEvent.Evaluated:
                    AnsiConsole.MarkupLine($"[green]{Markup.Escape(EvalLine(p.Step, p.Metrics!, unit) + (p.IsBest ? "  best" : ""))}[/]");
                    break;
                case TrainingEvent.Message:
                    AnsiConsole.MarkupLine(Markup.Escape(p.Message ?? ""));
                    break;
            }
        }
    }

    sealed class Plain(TextWriter output, string unit) : IProgress<TrainingProgress>
    {
        readonly Stopwatch sinceLine = Stopwatch.StartNew();
        bool first = true;

        public void Report(TrainingProgress p)
        {
            switch (p.Event)
            {
                case TrainingEvent.Step:
                    if (!first && sinceLine.Elapsed < TimeSpan.FromSeconds(10)) return;
                    first = false;
                    sinceLine.Restart();
                    string eta = p.Fraction > 0 ? $", eta {TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - p.Fraction) / p.Fraction):hh\\:mm\\:ss}" : "";
                    output.WriteLine($"step {p.Step,6}  loss {p.Loss:F3}  lr {p.LearningRate:G3}  {p.TokensPerSecond:N0} tok/s  {p.Fraction:P0}{eta}");
                    break;
                case TrainingEvent.Evaluated:
                    output.WriteLine(EvalLine(p.Step, p.Metrics!, unit) + (p.IsBest ? "  best" : ""));
                    break;
                case TrainingEvent.Message:
                    output.WriteLine(p.Message);
                    break;
            }
        }
    }
}
