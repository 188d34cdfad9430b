using Recur.Audio;

namespace Recur.Speech;

/// <summary>
/// A recording not yet read: a name for messages (<c>manifest:line (file)</c>), its transcript, and how to get its
/// audio — from a WAV file, or from a generator for the built-in task.
/// </summary>
public sealed record SpeechSample(string Name, string Transcript, Func<AudioClip> Load)
{
    /// <summary>The entries of <paramref name="manifest"/>, each read from its WAV file when loaded.</summary>
    public static IReadOnlyList<SpeechSample> FromManifest(SpeechManifest manifest) =>
        manifest.Entries.Select(e => new SpeechSample($"{manifest.Path}:{e.Line} ({e.Audio})", e.Transcript, () => WavFile.Read(e.Audio))).ToArray();
}
