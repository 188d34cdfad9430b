using System.Buffers.Binary;
using System.Text;
using Recur.IO;

namespace Recur.Audio;

/// <summary>
/// Reads RIFF/WAVE files into mono <see cref="AudioClip"/>s and writes 16-bit PCM ones. Read accepts integer PCM
/// (8-bit unsigned, 16, 24 and 32-bit signed), IEEE float (32 and 64-bit) and WAVE_FORMAT_EXTENSIBLE headers with a
/// PCM or float sub-format, any channel count (averaged to mono) and any rate; chunks may come in any order,
/// odd-sized chunks carry a pad byte, unknown chunks are skipped. Integers are scaled as torchaudio and soundfile do
/// for normalised float output: (x − 128)/128, x/2^15, x/2^23, x/2^31. Float samples are taken as they are (not
/// clipped), but a NaN, an infinity or a 64-bit value beyond float32's range is refused: it would turn every feature
/// and loss it reaches into NaN far from its cause. Anything else is an <see cref="InputFileException"/> naming the
/// file and the problem.
/// </summary>
public static class WavFile
{
    const ushort Pcm = 0x0001, IeeeFloat = 0x0003, Extensible = 0xFFFE;

    /// <summary>The tail shared by the KSDATAFORMAT_SUBTYPE GUIDs after their leading format tag.</summary>
    static ReadOnlySpan<byte> SubFormatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static AudioClip Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new InputFileException(path, "is a directory, not a WAV file");
        if (!File.Exists(path))
            throw new InputFileException(path, "no such file");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a whole WAV stream; <paramref name="name"/> stands for the source in error messages.</summary>
    public static AudioClip Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Parse(copy.GetBuffer().AsSpan(0, (int)copy.Length), name);
    }

    static AudioClip Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new InputFileException(name, "not a RIFF/WAVE file (it does not start with 'RIFF' ... 'WAVE')");
        Format? format = null;
        int dataOffset = -1, dataLength = 0;
        int offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            int body = offset + 8;
            long available = bytes.Length - body;
            if (id.SequenceEqual("data"u8))
            {
                if (size > available)
                    throw new InputFileException(name, $"truncated data chunk: the header promises {size} bytes but {available} follow");
                (dataOffset, dataLength) = (body, (int)size);
            }
            else if (id.SequenceEqual("fmt "u8))
            {
                if (size > available)
                    throw new InputFileException(name, $"truncated fmt chunk: the header promises {size} bytes but {available} follow");
                format = ReadFormat(bytes.Slice(body, (int)size), name);
            }
            else if (size > available)
                break; // a trailing metadata chunk cut short does not affect the audio
            offset = (int)Math.Min(bytes.Length, body + (long)size + (size & 1));
        }
        if (format is not { } f)
            throw new InputFileException(name, "no 'fmt ' chunk: the WAV header that gives the sample format is missing");
        if (dataOffset < 0)
            throw new InputFileException(name, "no 'data' chunk: the file holds no audio");
        return new AudioClip(Decode(bytes.Slice(dataOffset, dataLength), f, dataOffset, name), f.SampleRate);
    }

    readonly record struct Format(ushort Tag, int Channels, int SampleRate, int BlockAlign, int Bits);

    static Format ReadFormat(ReadOnlySpan<byte> fmt, string name)
    {
        if (fmt.Length < 16)
            throw new InputFileException(name, $"the fmt chunk has {fmt.Length} bytes; at least 16 are needed");
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (tag == Extensible)
        {
            if (fmt.Length < 40)
                throw new InputFileException(name, $"the WAVE_FORMAT_EXTENSIBLE fmt chunk has {fmt.Length} bytes; 40 are needed");
            var subFormat = fmt.Slice(24, 16);
            tag = BinaryPrimitives.ReadUInt16LittleEndian(subFormat);
            if (!subFormat[2..].SequenceEqual(SubFormatTail))
                throw new InputFileException(name, "the WAVE_FORMAT_EXTENSIBLE sub-format is not a KSDATAFORMAT_SUBTYPE GUID; PCM and IEEE float are supported");
        }
        if (tag is not (Pcm or IeeeFloat))
            throw new InputFileException(name, $"format tag 0x{tag:X4}{TagName(tag)} is not supported; PCM and IEEE float are");
        if (channels == 0)
            throw new InputFileException(name, "the fmt chunk gives 0 channels");
        if (rate == 0 || rate > int.MaxValue)
            throw new InputFileException(name, $"the fmt chunk gives a sample rate of {rate} Hz");
        if (tag == Pcm && bits is not (8 or 16 or 24 or 32))
            throw new InputFileException(name, $"{bits}-bit PCM is not supported; 8, 16, 24 and 32-bit are");
        if (tag == IeeeFloat && bits is not (32 or 64))
            throw new InputFileException(name, $"{bits}-bit IEEE float is not supported; 32 and 64-bit are");
        if (blockAlign != channels * bits / 8)
            throw new InputFileException(name, $"block align {blockAlign} does not match {channels} channel(s) of {bits} bits ({channels * bits / 8} bytes per frame)");
        return new Format(tag, channels, (int)rate, blockAlign, bits);
    }

    static string TagName(ushort tag) => tag switch
    {
        0x0002 => " (Microsoft ADPCM)",
        0x0006 => " (A-law)",
        0x0007 => " (µ-law)",
        0x0011 => " (IMA ADPCM)",
        0x0031 => " (GSM 6.10)",
        0x0050 => " (MPEG)",
        0x0055 => " (MPEG Layer III)",
        _ => "",
    };

    /// <summary>Frames of interleaved channels, averaged to mono; a partial frame at the end is dropped.</summary>
    static float[] Decode(ReadOnlySpan<byte> data, Format format, int dataOffset, string name)
    {
        int frames = data.Length / format.BlockAlign, bytes = format.Bits / 8;
        var samples = new float[frames];
        for (int t = 0; t < frames; t++)
        {
            var frame = data.Slice(t * format.BlockAlign, format.BlockAlign);
            double sum = 0;
            for (int c = 0; c < format.Channels; c++)
                sum += Sample(frame.Slice(c * bytes, bytes), format.Tag, format.Bits);
            samples[t] = (float)(sum / format.Channels);
            if (!float.IsFinite(samples[t]))
                throw new InputFileException(name, $"frame {t} (byte {dataOffset + (long)t * format.BlockAlign}) holds a sample that is NaN, infinite or beyond float32's range; float samples must be finite");
        }
        return samples;
    }

    static double Sample(ReadOnlySpan<byte> b, ushort tag, int bits) => (tag, bits) switch
    {
        (IeeeFloat, 32) => BinaryPrimitives.ReadSingleLittleEndian(b),
        (IeeeFloat, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        (_, 8) => (b[0] - 128) / 128.0,
        (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768.0,
        (_, 24) => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608.0,
        _ => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0,
    };

    /// <summary>
    /// Writes <paramref name="clip"/> as 16-bit mono PCM, atomically. Samples are clamped to [−1, 1) and rounded to
    /// multiples of 1/32768, the exact inverse of <see cref="Read(string)"/>'s scaling.
    /// </summary>
    public static void Write(string path, AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        long dataBytes = 2L * clip.Samples.Length;
        if (dataBytes > uint.MaxValue - 36)
            throw new ArgumentException($"{clip.Samples.Length} samples do not fit in a WAV file's 4 GiB data chunk.", nameof(clip));
        var bytes = new byte[44 + dataBytes];
        var span = bytes.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataBytes));
        Encoding.ASCII.GetBytes("WAVEfmt ", span[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], Pcm);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)clip.SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        Encoding.ASCII.GetBytes("data", span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        for (int i = 0; i < clip.Samples.Length; i++)
        {
            double scaled = Math.Round(clip.Samples[i] * 32768.0);
            short value = (short)Math.Clamp(double.IsNaN(scaled) ? 0 : scaled, short.MinValue, short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], value);
        }
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
