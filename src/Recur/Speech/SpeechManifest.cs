using Recur.IO;

namespace Recur.Speech;

/// <summary>
/// A list of utterances: a text file of <c>path&lt;TAB&gt;transcript</c> lines (UTF-8, read by the strict reader).
/// A relative path is taken from the manifest's folder, so a manifest travels with its audio. Blank lines are
/// ignored; a line without a tab, with an empty path, with an empty transcript or with a control character in its
/// transcript (which no alphabet can hold) is an error naming the file and line.
/// </summary>
public sealed class SpeechManifest
{
    SpeechManifest(string path, IReadOnlyList<ManifestEntry> entries) => (Path, Entries) = (path, entries);

    /// <summary>The manifest as the user named it.</summary>
    public string Path { get; }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <exception cref="InputFileException">The file is unreadable, empty, or a line is malformed.</exception>
    public static SpeechManifest Read(string path)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        var entries = new List<ManifestEntry>();
        foreach (var line in TextFile.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line.Text)) continue;
            int tab = line.Text.IndexOf('\t');
            if (tab < 0) throw new InputFileException(path, "expected 'path<TAB>transcript', found no tab", line.Number);
            string audio = line.Text[..tab].Trim(), transcript = CtcAlphabet.Normalize(line.Text[(tab + 1)..]);
            if (audio.Length == 0) throw new InputFileException(path, "the audio path is empty", line.Number);
            if (transcript.Length == 0) throw new InputFileException(path, $"the transcript of {audio} is empty", line.Number);
            int control = FirstControl(line.Text, tab + 1);
            if (control >= 0)
                throw new InputFileException(path, $"the transcript of {audio} holds control character U+{(int)line.Text[control]:X4}", line.Number, control + 1);
            entries.Add(new ManifestEntry(System.IO.Path.Combine(folder, audio), transcript, line.Number));
        }
        if (entries.Count == 0) throw new InputFileException(path, "lists no utterances");
        return new SpeechManifest(path, entries);
    }

    /// <summary>
    /// The index of the first control character at or after <paramref name="from"/> that is not white space (white
    /// space only separates words, see <see cref="CtcAlphabet.Normalize"/>); −1 when there is none.
    /// </summary>
    static int FirstControl(string text, int from)
    {
        for (int i = from; i < text.Length; i++)
            if (char.IsControl(text[i]) && !char.IsWhiteSpace(text[i])) return i;
        return -1;
    }

    /// <summary>A manifest of entries made in memory (the built-in task, tests).</summary>
    public static SpeechManifest FromEntries(string name, IReadOnlyList<ManifestEntry> entries) => new(name, entries);
}

/// <summary>One utterance of a manifest: the audio file (full path), its transcript with white space normalised, and its line.</summary>
public sealed record ManifestEntry(string Audio, string Transcript, long Line);
