namespace Recur.Cli;

/// <summary>
/// A problem with what the user gave (a file, a directory, an option value), reported as one line
/// <c>error: &lt;message&gt;</c> with a non-zero exit code instead of a stack trace. The message names the file or option.
/// </summary>
public sealed class UserInputException(string message, Exception? inner = null) : Exception(message, inner);
