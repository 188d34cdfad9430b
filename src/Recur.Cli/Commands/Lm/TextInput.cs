using Recur.IO;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// Reads a user's text file through the library's strict reader (<see cref="TextFile"/>): missing, directory,
/// unreadable, empty, binary and non-UTF-8 files each fail with an <see cref="InputFileException"/> naming the file.
/// </summary>
internal static class TextInput
{
    public static string Read(string path) => TextFile.ReadAllText(path);
}
