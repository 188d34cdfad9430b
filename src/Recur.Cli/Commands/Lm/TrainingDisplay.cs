using System.Diagnostics;
using Recur.LanguageModels;
using Spectre.Console;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// Shows a training run: a live Spectre.Console progress bar (step, loss, tokens/s, ETA) on an interactive
/// terminal, or plain lines every ten seconds when output is redirected or written elsewhere (tests, logs, CI).
/// Evaluation results are always printed as lines.
/// </summary>
internal static class TrainingDisplay
{
    public static T Run<T>(TextWriter output, Func<ITrainingObserver, T> train)
    {
        bool live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!live) return train(new Plain(output));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1000);
                result = train(new Live(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    static string EvalLine(int step, LmScore s) =>
        $"step {step,6}: validation {s.Nats:F4} nats/char, {s.BitsPerChar:F4} bits/char (perplexity {s.Perplexity:F2})";

    sealed class Live(ProgressTask task) : ITrainingObserver
    {
        public void Message(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

        public void Step(StepReport r)
        {
            task.Description = Markup.Escape($"step {r.Step,6}  loss {r.Loss:F3}  {r.TokensPerSecond:N0} tok/s");
            task.Value = r.Progress * task.MaxValue;
        }

        public void Evaluated(int step, LmScore validation) => AnsiConsole.MarkupLine($"[green]{Markup.Escape(EvalLine(step, validation))}[/]");
    }

    sealed class Plain(TextWriter output) : ITrainingObserver
    {
        readonly Stopwatch sinceLine = Stopwatch.StartNew();
        bool first = true;

        public void Message(string text) => output.WriteLine(text);

        public void Step(StepReport r)
        {
            if (!first && sinceLine.Elapsed < TimeSpan.FromSeconds(10)) return;
            first = false;
            sinceLine.Restart();
            string eta = r.Progress > 0 ? $", eta {TimeSpan.FromSeconds(r.Elapsed.TotalSeconds * (1 - r.Progress) / r.Progress):hh\\:mm\\:ss}" : "";
            output.WriteLine($"step {r.Step,6}  loss {r.Loss:F3}  lr {r.LearningRate:G3}  {r.TokensPerSecond:N0} tok/s  {r.Progress:P0}{eta}");
        }

        public void Evaluated(int step, LmScore validation) => output.WriteLine(EvalLine(step, validation));
    }
}
