namespace Recur.NGram;

/// <summary>A malformed ARPA file; the message names the file and line.</summary>
public sealed class ArpaFormatException(string source, long line, string problem)
    : FormatException($"{source}:{line}: {problem}")
{
    public string FileName { get; } = source;

    public long Line { get; } = line;
}
