namespace Recur.IO;

/// <summary>
/// A file the user gave cannot be used as input: missing, a directory, unreadable, empty, binary, or not valid
/// UTF-8. The message is one line that starts with the file name (and line and column when known), in the
/// <c>file:line:column: problem</c> form compilers use, so a command can print it as it is.
/// </summary>
public sealed class InputFileException : IOException
{
    public InputFileException(string path, string problem, long? line = null, long? column = null, Exception? inner = null)
        : base(Format(path, problem, line, column), inner)
    {
        Path = path;
        Problem = problem;
        Line = line;
        Column = column;
    }

    /// <summary>The file as the user named it.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }

    /// <summary>The 1-based line of the problem, when it has one.</summary>
    public long? Line { get; }

    /// <summary>The 1-based column (in UTF-16 characters) of the problem, when it has one.</summary>
    public long? Column { get; }

    static string Format(string path, string problem, long? line, long? column) =>
        (line, column) switch
        {
            ({ } l, { } c) => $"{path}:{l}:{c}: {problem}",
            ({ } l, null) => $"{path}:{l}: {problem}",
            _ => $"{path}: {problem}",
        };
}
