using System.Text;

namespace Recur.Cli.Commands.Metrics;

/// <summary>
/// Reads a user's file (or stdin) as lines of strict UTF-8: a missing or empty file, a NUL byte or a bad byte
/// sequence is reported with the file's name and the line. Lines end at "\n" (a "\r" before it is dropped); a
/// leading byte-order mark is skipped.
/// </summary>
internal static class TextLinesInput
{
    public const string StdinName = "stdin";

    /// <summary>The lines of <paramref name="path"/>, or of stdin when it is null or "-".</summary>
    public static string[] Read(string? path, bool allowEmpty = false)
    {
        string name = path is null or "-" ? StdinName : path;
        byte[] bytes = name == StdinName ? ReadStdin() : ReadFile(path!);
        if (bytes.Length == 0 && !allowEmpty) throw new UserInputException($"{name}: the file is empty");
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var lines = new List<string>();
        int number = 0;
        while (!span.IsEmpty)
        {
            number++;
            int end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            span = end < 0 ? [] : span[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            int nul = line.IndexOf((byte)0);
            if (nul >= 0) throw new UserInputException($"{name}: line {number}: a NUL byte at column {nul + 1}; expected UTF-8 text, not a binary file");
            if (System.Text.Unicode.Utf8.ToUtf16(line, new char[line.Length], out int read, out _, replaceInvalidSequences: false)
                != System.Buffers.OperationStatus.Done)
                throw new UserInputException($"{name}: line {number}: not valid UTF-8 (byte 0x{line[read]:X2} at column {read + 1})");
            lines.Add(Encoding.UTF8.GetString(line));
        }
        return [.. lines];
    }

    static byte[] ReadStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The bytes of a user's file; a missing, unreadable or directory path is a one-line error naming it.</summary>
    public static byte[] ReadFile(string path, string kind = "text file")
    {
        try
        {
            if (Directory.Exists(path)) throw new UserInputException($"{path}: is a directory, not a {kind}");
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException) { throw new UserInputException($"{path}: no such file"); }
        catch (DirectoryNotFoundException) { throw new UserInputException($"{path}: no such file (its directory does not exist)"); }
        catch (UnauthorizedAccessException) { throw new UserInputException($"{path}: permission denied"); }
        catch (IOException e) { throw new UserInputException($"{path}: cannot be read ({e.Message})"); }
    }
}
