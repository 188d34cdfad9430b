namespace Recur.Cli.Commands;

/// <summary>
/// While it lives, the first Ctrl-C cancels <see cref="Token"/> instead of ending the process, so that a long command
/// can stop cleanly (save a checkpoint, or leave its output unwritten); a second Ctrl-C ends the process as usual.
/// </summary>
internal sealed class CtrlCCancellation : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly ConsoleCancelEventHandler handler;

    public CtrlCCancellation()
    {
        handler = (_, e) =>
        {
            if (source.IsCancellationRequested) return;
            e.Cancel = true;
            source.Cancel();
        };
        Console.CancelKeyPress += handler;
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        Console.CancelKeyPress -= handler;
        source.Dispose();
    }
}
