namespace Recur.IO;

/// <summary>
/// Opens a file the user named for reading, turning each reason it cannot be opened into an
/// <see cref="InputFileException"/> naming it: no such file, no such directory, a directory, permission denied.
/// </summary>
public static class InputFile
{
    /// <summary>An unbuffered, sequential-scan stream over the file (readers of large arrays read straight into place).</summary>
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
