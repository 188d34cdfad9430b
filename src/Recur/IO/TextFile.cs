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
        new(Open(path), path, rejectEmpty, leaveOpen: false);

    /// <summary>Opens the file for reading, turning each reason it cannot be opened into an <see cref="InputFileException"/>.</summary>
    public static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // On Linux a directory opens as a FileStream and fails only on the first read, as "access denied".
        if (Directory.Exists(path)) throw new InputFileException(path, "is a directory, not a file");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e) { throw new InputFileException(path, "no such file", inner: e); }
        catch (DirectoryNotFoundException e) { throw new InputFileException(path, "no such file (its directory does not exist)", inner: e); }
        catch (UnauthorizedAccessException e) { throw new InputFileException(path, "permission denied", inner: e); }
        catch (IOException e) when (e is not InputFileException) { throw new InputFileException(path, $"cannot be read ({e.Message})", inner: e); }
    }
}
