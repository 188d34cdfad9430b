using Recur.Audio;

namespace Recur.Speech;

/// <summary>
/// The built-in recognition task, generated from a seed so that it needs no download: sentences of one to four words
/// over the letters a–h, each letter "spoken" as a pair of tones in the manner of touch-tone dialling (one of four low
/// and one of two high frequencies), 70–130 ms long at a random level with a few per cent of pitch jitter; letters are
/// parted by short silences, words by longer ones, in white noise, at 8 kHz. The lexicon holds doubled letters
/// (<c>egg</c>, <c>add</c>), which CTC can only emit with a blank between them. Held-out utterances come from another
/// stream of the generator than the training ones.
/// </summary>
public static class ToneCorpus
{
    public const int SampleRate = 8000;

    static readonly string[] Lexicon =
    [
        "a", "ace", "add", "aged", "bad", "bag", "bead", "bed", "beef", "cab", "cafe", "cage", "dab", "dad", "deaf",
        "each", "edge", "egg", "face", "fade", "fed", "feed", "gab", "had", "head", "hedge",
    ];

    static readonly double[] Low = [400, 550, 700, 850];
    static readonly double[] High = [1300, 1700];

    /// <summary><paramref name="count"/> utterances; the same (seed, heldOut) gives the same audio and transcripts.</summary>
    public static IReadOnlyList<SpeechSample> Generate(int count, ulong seed, bool heldOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var samples = new SpeechSample[count];
        ulong stream = seed * 0x9E3779B97F4A7C15UL + (heldOut ? 0xD1B54A32D192ED03UL : 0);
        for (int i = 0; i < count; i++)
        {
            ulong utteranceSeed = stream + (ulong)i * 0xBF58476D1CE4E5B9UL;
            string transcript = Transcript(new Generator(utteranceSeed));
            samples[i] = new SpeechSample($"tone {(heldOut ? "held-out " : "")}utterance {i + 1}", transcript, () => Synthesize(transcript, new Generator(utteranceSeed ^ 0x94D049BB133111EBUL)));
        }
        return samples;
    }

    static string Transcript(Generator g)
    {
        int words = 1 + g.NextInt(4);
        return string.Join(' ', Enumerable.Range(0, words).Select(_ => Lexicon[g.NextInt(Lexicon.Length)]));
    }

    /// <summary>The audio of <paramref name="transcript"/> (letters a–h and spaces).</summary>
    /// <param name="words">When given, receives each word's first and end sample, in order: the truth an aligner is checked against.</param>
    public static AudioClip Synthesize(string transcript, Generator g, List<(int Start, int End)>? words = null)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var audio = new List<float>();
        Silence(audio, Milliseconds(g, 50, 150));
        for (int i = 0; i < transcript.Length; i++)
        {
            char c = transcript[i];
            if (c == ' ') { Silence(audio, Milliseconds(g, 120, 200)); continue; }
            if (c is < 'a' or > 'h') throw new ArgumentException($"The tone task has letters a–h and spaces, not '{c}'.", nameof(transcript));
            if (i > 0 && transcript[i - 1] != ' ') Silence(audio, Milliseconds(g, 25, 50));
            else words?.Add((audio.Count, 0));
            int letter = c - 'a';
            Tone(audio, Low[letter % 4], High[letter / 4], Milliseconds(g, 70, 130), 0.2 + 0.4 * g.NextDouble(), 1 + 0.04 * (g.NextDouble() - 0.5));
            if (words is not null) words[^1] = (words[^1].Start, audio.Count);
        }
        Silence(audio, Milliseconds(g, 50, 150));
        var samples = audio.ToArray();
        double noise = 0.01 + 0.02 * g.NextDouble();
        for (int i = 0; i < samples.Length; i++) samples[i] = Math.Clamp(samples[i] + (float)(noise * g.NextNormal()), -1f, 1f);
        return new AudioClip(samples, SampleRate);
    }

    static int Milliseconds(Generator g, int min, int max) => (min + g.NextInt(max - min + 1)) * SampleRate / 1000;

    static void Silence(List<float> audio, int samples)
    {
        for (int i = 0; i < samples; i++) audio.Add(0f);
    }

    // Two sines with 10 ms raised-cosine ramps, so that onsets do not click across the whole spectrum.
    static void Tone(List<float> audio, double low, double high, int samples, double level, double jitter)
    {
        int ramp = SampleRate / 100;
        for (int i = 0; i < samples; i++)
        {
            double t = (double)i / SampleRate, edge = Math.Min(1, Math.Min(i, samples - 1 - i) / (double)ramp);
            double envelope = 0.5 - 0.5 * Math.Cos(Math.PI * edge);
            audio.Add((float)(level * envelope * 0.5 * (Math.Sin(2 * Math.PI * low * jitter * t) + Math.Sin(2 * Math.PI * high * jitter * t))));
        }
    }
}
