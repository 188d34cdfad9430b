using System.Buffers.Binary;
using Recur.Audio;
using Recur.Speech;

namespace Recur.Tests.Fuzzing;

/// <summary>
/// The speech readers: WAV files (the committed fixtures in every sample format the reader takes, and a short 16-bit
/// file written by <see cref="WavFile.Write"/>) with their header fields named for aimed size-field edits, and a
/// speech manifest. Both document an <see cref="Recur.IO.InputFileException"/> naming the file.
/// </summary>
public static partial class FuzzTargets
{
    const string ManifestSeed = "a.wav\tyes no\nb.wav\tno\n";

    static readonly string[] WavFixtures =
    [
        "wav_pcm8", "wav_pcm16", "wav_pcm24", "wav_pcm32", "wav_float32", "wav_float64", "wav_stereo16", "wav_extensible24",
        "wav_extensible_float", "wav_chunks",
    ];

    static List<byte[]> WavSeeds(string fixtures, string work)
    {
        var seeds = WavFixtures.Select(f => File.ReadAllBytes(Path.Combine(fixtures, "audio", f + ".wav"))).ToList();
        var generator = new Generator(5);
        var samples = new float[12];
        for (int i = 0; i < samples.Length; i++) samples[i] = (generator.NextInt(65536) - 32768) / 32768f;
        string written = Path.Combine(work, "written.wav");
        WavFile.Write(written, new AudioClip(samples, 16000));
        seeds.Add(File.ReadAllBytes(written));
        return seeds;
    }

    /// <summary>
    /// The RIFF size, every chunk's size, and the fmt chunk's tag, channels, rate, byte rate, block align and bits (with
    /// the WAVE_FORMAT_EXTENSIBLE extension size, valid bits and sub-format tag): the fields a reader must check
    /// against each other and against the file's length.
    /// </summary>
    static IReadOnlyList<(int Offset, int Width)> WavFields(byte[] wav)
    {
        var fields = new List<(int, int)> { (4, 4) };
        for (int offset = 12; offset + 8 <= wav.Length;)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(offset + 4));
            fields.Add((offset + 4, 4));
            int body = offset + 8;
            if (wav.AsSpan(offset, 4).SequenceEqual("fmt "u8))
            {
                fields.AddRange([(body, 2), (body + 2, 2), (body + 4, 4), (body + 8, 4), (body + 12, 2), (body + 14, 2)]);
                if (size >= 40) fields.AddRange([(body + 16, 2), (body + 18, 2), (body + 24, 2)]);
            }
            offset = (int)Math.Min(wav.Length, body + (long)size + (size & 1));
        }
        return fields;
    }

    /// <summary>A clip that read must be usable: as many samples as the file has room for, each of them finite.</summary>
    static void ReadWav(string path)
    {
        var clip = WavFile.Read(path);
        long length = new FileInfo(path).Length;
        if (clip.Samples.Length > length)
            throw new InvalidOperationException($"{path}: {clip.Samples.Length} samples from a {length}-byte file");
        int bad = Array.FindIndex(clip.Samples, s => !float.IsFinite(s));
        if (bad >= 0)
            throw new InvalidOperationException($"{path}: sample {bad} is {clip.Samples[bad]}; the reader accepted a non-finite sample");
    }

    /// <summary>A manifest that read must be usable: training builds the CTC alphabet from its transcripts.</summary>
    static void ReadManifest(string path)
    {
        var manifest = SpeechManifest.Read(path);
        CtcAlphabet.FromTranscripts(manifest.Entries.Select(e => e.Transcript));
    }
}
