using System.CommandLine;
using Recur.IO;

namespace Recur.Cli.Commands.NGram;

/// <summary>Runs a command body and turns user errors (bad files, bad values) into one line on stderr and exit code 1.</summary>
internal static class CommandErrors
{
    public static int Guard(ParseResult parseResult, Func<TextWriter, int> body)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return body(output);
        }
        catch (InputFileException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException
                                      or InvalidOperationException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    /// <summary>Reports synchronously, so that a progress bar follows the work without a thread hop.</summary>
    public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
