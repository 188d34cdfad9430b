namespace Recur.IO;

/// <summary>
/// Opens a user's text file strictly, with one error per way it can be unusable, each an
/// <see cref="InputFileException"/> naming the file: missing, a directory, not readable, empty (or only a
/// byte-order mark), binary (a NUL byte; its offset is given), not valid UTF-8 (line, column and offset of the first
/// bad byte, with the iconv command that converts a Latin-1 file). A leading UTF-8 byte-order mark is dropped.
/// </summary>
public static class TextFile
{
    /// <summary>The whole file as a string.</summary>
    public static string ReadAllText(string path)
    {
        using var reader = OpenText(path);
        return reader.ReadToEnd();
    }

    /// <summary>The file's lines (split at "\n", "\r\n" or "\r") with their 1-based numbers, read as they are enumerated.</summary>
    public static IEnumerable<NumberedLine> ReadLines(string path)
    {
        using var reader = OpenText(path);
        long number = 0;
        while (reader.ReadLine() is { } line) yield return new NumberedLine(++number, line);
    }

    /// <summary>A reader that decodes the file as it is read and throws <see cref="InputFileException"/> at the first problem.</summary>
    public static StrictTextReader OpenText(string path, bool rejectEmpty = true) =>
        new(InputFile.Open(path), path, rejectEmpty, leaveOpen: false);
}
