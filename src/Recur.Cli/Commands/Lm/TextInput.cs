using System.Text;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// Reads a user's text file strictly: it must exist, be non-empty, contain no NUL byte (the mark of a binary file)
/// and be valid UTF-8. A leading byte-order mark is dropped. Every failure names the file.
/// </summary>
internal static class TextInput
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) throw new UserInputException($"{path}: is a directory, not a text file");
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException) { throw new UserInputException($"{path}: no such file"); }
        catch (DirectoryNotFoundException) { throw new UserInputException($"{path}: no such file (its directory does not exist)"); }
        catch (UnauthorizedAccessException) { throw new UserInputException($"{path}: permission denied"); }
        catch (IOException e) { throw new UserInputException($"{path}: cannot be read ({e.Message})"); }

        if (bytes.Length == 0) throw new UserInputException($"{path}: the file is empty");
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0) throw new UserInputException($"{path}: looks like a binary file (NUL byte at offset {nul}); expected UTF-8 text");
        int start = bytes.AsSpan().StartsWith(Strict.Preamble) ? Strict.Preamble.Length : 0;
        try
        {
            var text = Strict.GetString(bytes, start, bytes.Length - start);
            if (text.Length == 0) throw new UserInputException($"{path}: the file is empty (only a byte-order mark)");
            return text;
        }
        catch (DecoderFallbackException e)
        {
            throw new UserInputException($"{path}: is not valid UTF-8 (bad byte at offset {start + InvalidOffset(bytes.AsSpan(start), e)})");
        }
    }

    // DecoderFallbackException.Index is relative to an internal buffer; find the first bad sequence ourselves.
    static int InvalidOffset(ReadOnlySpan<byte> bytes, DecoderFallbackException e)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? Math.Max(e.Index, 0) : read;
    }
}
