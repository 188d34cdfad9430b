using System.Buffers.Binary;
using System.Text;
using Recur.Audio;
using Recur.IO;

namespace Recur.Tests.Audio;

public class WavFileTests
{
    public static TheoryData<string> Files => new(AudioFixture.Wav.Tensors.Keys);

    /// <summary>Each fixture file reads as torchaudio.load reads it (sox backend), averaged over channels.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void MatchesTorchaudioLoad(string name)
    {
        var clip = WavFile.Read(Path.Combine(AudioFixture.Directory, name + ".wav"));
        Assert.Equal(int.Parse(AudioFixture.Wav.Metadata[name]), clip.SampleRate);
        var expected = AudioFixture.Wav.Tensors[name].ToArray();
        Assert.Equal(expected.Length, clip.Samples.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - clip.Samples[i]) <= 1e-7, $"{name}[{i}]: {clip.Samples[i]} vs torchaudio {expected[i]}");
    }

    [Fact]
    public void ScalesIntegersAsTorchaudio()
    {
        var pcm8 = WavFile.Read(new MemoryStream(Wav(1, 1, 8000, 8, [0, 128, 255])), "x.wav");
        Assert.Equal([-1f, 0f, 127 / 128f], pcm8.Samples);
        var pcm24 = WavFile.Read(new MemoryStream(Wav(1, 1, 8000, 24, [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x01, 0x00, 0x00])), "x.wav");
        Assert.Equal([-1f, (float)((1 << 23) - 1) / (1 << 23), 1f / (1 << 23)], pcm24.Samples);
        // Stereo frames are averaged: (16384 + −16384)/2 = 0, (32767 + 32767)/2.
        var stereo = WavFile.Read(new MemoryStream(Wav(1, 2, 8000, 16, [0x00, 0x40, 0x00, 0xC0, 0xFF, 0x7F, 0xFF, 0x7F])), "x.wav");
        Assert.Equal([0f, 32767 / 32768f], stereo.Samples);
    }

    [Fact]
    public void WriteThenReadGivesTheSamples()
    {
        var samples = new float[101];
        var generator = new Generator(7);
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (generator.NextInt(65536) - 32768) / 32768f; // exactly representable in 16 bits
        samples[0] = 1.5f; // clamped to the largest 16-bit value
        string path = Path.Combine(Path.GetTempPath(), $"recur-wav-{Guid.NewGuid():N}.wav");
        try
        {
            WavFile.Write(path, new AudioClip(samples, 22050));
            var clip = WavFile.Read(path);
            Assert.Equal(22050, clip.SampleRate);
            Assert.Equal(32767 / 32768f, clip.Samples[0]);
            Assert.Equal(samples[1..], clip.Samples[1..]);
            Assert.Equal(44 + 2 * samples.Length, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "not RIFF", Encoding.ASCII.GetBytes("ID3\u0003 this is an mp3 file"), "not a RIFF/WAVE file" },
        { "truncated", Truncate(Wav(1, 1, 16000, 16, new byte[100]), 40), "truncated data chunk: the header promises 100 bytes but 60 follow" },
        { "MPEG", Wav(0x0055, 1, 16000, 16, new byte[4]), "format tag 0x0055 (MPEG Layer III) is not supported; PCM and IEEE float are" },
        { "12-bit", Wav(1, 1, 16000, 12, new byte[4], blockAlign: 2), "12-bit PCM is not supported" },
        { "no channels", Wav(1, 0, 16000, 16, new byte[4]), "0 channels" },
        { "zero rate", Wav(1, 1, 0, 16, new byte[4]), "sample rate of 0 Hz" },
        { "block align", Wav(1, 2, 16000, 16, new byte[8], blockAlign: 2), "block align 2 does not match 2 channel(s) of 16 bits (4 bytes per frame)" },
        { "no data", Truncate(Wav(1, 1, 16000, 16, []), 8), "no 'data' chunk" },
        { "no fmt", [.. "RIFF"u8, 12, 0, 0, 0, .. "WAVEdata"u8, 0, 0, 0, 0], "no 'fmt ' chunk" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFilesGiveOneLineNamingTheFile(string what, byte[] bytes, string problem)
    {
        var e = Assert.Throws<InputFileException>(() => WavFile.Read(new MemoryStream(bytes), "speech/utt1.wav"));
        Assert.StartsWith("speech/utt1.wav: ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-missing-{Guid.NewGuid():N}.wav");
        var e = Assert.Throws<InputFileException>(() => WavFile.Read(path));
        Assert.Equal($"{path}: no such file", e.Message);
    }

    /// <summary>A canonical 44-byte-header WAV with the given fmt fields and raw data bytes.</summary>
    static byte[] Wav(ushort tag, int channels, int rate, int bits, byte[] data, int? blockAlign = null)
    {
        int align = blockAlign ?? channels * bits / 8;
        var bytes = new byte[44 + data.Length];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], 36 + data.Length);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], tag);
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], (ushort)bits);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[40..], data.Length);
        data.CopyTo(s[44..]);
        return bytes;
    }

    static byte[] Truncate(byte[] bytes, int remove) => bytes[..^remove];
}
