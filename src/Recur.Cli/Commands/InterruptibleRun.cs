using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// Runs a training loop under <see cref="TrainingDisplay"/> with Ctrl-C wired to its cancellation token
/// (<see cref="CtrlCCancellation"/>): the first Ctrl-C asks the trainer to stop after the current step and save; a
/// second one ends the process. A run that
/// diverges (<see cref="NonFiniteTrainingException"/>) becomes a one-line user error.
/// </summary>
internal static class InterruptibleRun
{
    public const int InterruptedExitCode = 130;

    /// <returns>The result, and the exit code it calls for (130 when interrupted, else 0).</returns>
    public static (TrainingResult Result, int ExitCode) Execute(TextWriter stdout, string unit, Func<IProgress<TrainingProgress>, CancellationToken, TrainingResult> run)
    {
        using var cancel = new CtrlCCancellation();
        try
        {
            var result = TrainingDisplay.Run(stdout, unit, progress => run(progress, cancel.Token));
            return (result, result.Outcome == TrainingOutcome.Interrupted ? InterruptedExitCode : 0);
        }
        catch (NonFiniteTrainingException e) { throw new UserInputException(e.Message, e); }
    }
}
