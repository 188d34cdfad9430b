using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>One optimiser step as reported to the display: loss of this step's chunk, rate, and progress toward the budget (0..1).</summary>
public readonly record struct StepReport(int Step, double Loss, double LearningRate, double TokensPerSecond, double Progress, TimeSpan Elapsed);

/// <summary>Receives what the training loop has to tell: a progress display, a plain log, or nothing in tests.</summary>
public interface ITrainingObserver
{
    void Message(string text);
    void Step(StepReport report);
    void Evaluated(int step, LmScore validation);
}
