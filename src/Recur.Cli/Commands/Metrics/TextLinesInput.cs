using Recur.IO;

namespace Recur.Cli.Commands.Metrics;

/// <summary>
/// A user's file (or stdin) as lines, through the shared strict reader (<see cref="TextFile"/>): a missing or empty
/// file, a NUL byte or a bad byte sequence is an <see cref="InputFileException"/> naming the file and the line.
/// </summary>
internal static class TextLinesInput
{
    public const string StdinName = "stdin";

    /// <summary>The lines of <paramref name="path"/>, or of stdin when it is null or "-".</summary>
    public static string[] Read(string? path, bool allowEmpty = false)
    {
        using var reader = path is null or "-"
            ? new StrictTextReader(Console.OpenStandardInput(), StdinName, rejectEmpty: !allowEmpty)
            : TextFile.OpenText(path, rejectEmpty: !allowEmpty);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }

    /// <summary>The bytes of a user's file; a missing, unreadable or directory path is a one-line error naming it.</summary>
    public static byte[] ReadFile(string path)
    {
        using var stream = InputFile.Open(path);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
