using System.Runtime.InteropServices;
using System.Text;
using Recur.IO;

namespace Recur.NGram;

/// <summary>
/// Loads a model written by <see cref="NGramBinaryWriter"/>: the header is checked (magic, version, byte order, slot
/// size, counts against the file's length), then each array is one bulk read into its final place. The only
/// per-item work is decoding the words and one bounds pass over the ids, which keeps a corrupt file from making a
/// lookup fail later. Any problem is an <see cref="InvalidDataException"/> whose message names the file.
/// </summary>
public static class NGramBinaryReader
{
    public static BackoffModel Read(string path)
    {
        // No FileStream buffer: the arrays are read straight into place, larger than any buffer would be.
        using var stream = InputFile.Open(path);
        return Read(stream, path);
    }

    /// <summary>Reads a model from <paramref name="stream"/>; <paramref name="source"/> names it in error messages.</summary>
    public static BackoffModel Read(Stream stream, string source = "<binary n-gram model>")
    {
        try
        {
            return ReadModel(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source}: truncated; the file ends before the data its header describes", e);
        }
    }

    /// <summary>Whether <paramref name="path"/> begins with the binary format's magic bytes.</summary>
    public static bool IsBinary(string path)
    {
        using var stream = InputFile.Open(path);
        return NGramBinaryFormat.StartsWithMagic(stream);
    }

    static BackoffModel ReadModel(Stream stream)
    {
        long? fileLength = stream.CanSeek ? stream.Length - stream.Position : null;
        Span<byte> fixedHeader = stackalloc byte[NGramBinaryFormat.FixedHeaderBytes];
        if (fileLength < fixedHeader.Length)
            throw new InvalidDataException($"truncated; {fileLength} bytes is shorter than the {fixedHeader.Length}-byte header");
        stream.ReadExactly(fixedHeader);
        if (!NGramBinaryFormat.StartsWithMagic(fixedHeader)) throw new InvalidDataException("not a binary n-gram model (wrong magic bytes)");
        var fields = MemoryMarshal.Cast<byte, int>(fixedHeader[8..]);
        uint version = (uint)fields[0], mark = (uint)fields[1];
        if (mark != NGramBinaryFormat.ByteOrderMark)
            throw new InvalidDataException(mark == NGramBinaryFormat.Swap(NGramBinaryFormat.ByteOrderMark)
                ? "written on a machine of the other byte order; rebuild it from the ARPA file here"
                : $"corrupt header (byte-order mark 0x{mark:X8})");
        if (version != NGramBinaryFormat.Version)
            throw new InvalidDataException($"format version {version} is not supported (this build reads version {NGramBinaryFormat.Version})");
        int slotBytes = fields[2], order = fields[3], wordCount = fields[4], wordBytes = fields[5];
        if (slotBytes != NGramIndex.SlotBytes)
            throw new InvalidDataException($"hash slots of {slotBytes} bytes; this build uses {NGramIndex.SlotBytes}");
        if (order < 1 || order > NGramBinaryFormat.MaxOrder) throw new InvalidDataException($"order {order} is out of range 1..{NGramBinaryFormat.MaxOrder}");
        if (wordCount < 3 || wordBytes < 0) throw new InvalidDataException($"corrupt header ({wordCount} words in {wordBytes} bytes)");

        var countBytes = new byte[NGramBinaryFormat.PerOrderHeaderBytes * order];
        stream.ReadExactly(countBytes);
        var counts = MemoryMarshal.Cast<byte, long>(countBytes);
        long expected = NGramBinaryFormat.FixedHeaderBytes + countBytes.Length + 4L * wordCount + wordBytes;
        for (int n = 1; n <= order; n++)
        {
            long count = counts[2 * (n - 1)], slots = counts[2 * (n - 1) + 1];
            if (count < 0 || count > Array.MaxLength / 2 || slots < 0 || slots > Array.MaxLength / NGramIndex.SlotBytes)
                throw new InvalidDataException($"corrupt header ({count} {n}-grams in {slots} hash slots)");
            if (n == 1 && (count != wordCount || slots != 0))
                throw new InvalidDataException($"the header gives {count} unigrams with {slots} slots for {wordCount} words");
            expected += 2 * sizeof(float) * count + (n == 1 ? 0 : NGramIndex.StoredBytes(count, slots));
        }
        if (fileLength is { } actual && actual != expected)
            throw new InvalidDataException(actual < expected
                ? $"truncated; the header's counts need {expected} bytes but the file has {actual}"
                : $"the header's counts need {expected} bytes but the file has {actual}; counts and file are inconsistent");

        var vocabulary = ReadVocabulary(stream, wordCount, wordBytes);
        var logProb = new float[order][];
        var logBackoff = new float[order][];
        var indexes = new NGramIndex?[order];
        for (int n = 1; n <= order; n++)
        {
            int count = (int)counts[2 * (n - 1)];
            logProb[n - 1] = ReadFloats(stream, count);
            logBackoff[n - 1] = ReadFloats(stream, count);
            if (n > 1)
                indexes[n - 1] = NGramIndex.ReadFrom(stream, count, (int)counts[2 * (n - 1) + 1], prefixLimit: logProb[n - 2].Length, wordLimit: wordCount);
        }
        return new BackoffModel(vocabulary, indexes, logProb, logBackoff);
    }

    static float[] ReadFloats(Stream stream, int count)
    {
        var values = GC.AllocateUninitializedArray<float>(count);
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    static Vocabulary ReadVocabulary(Stream stream, int count, int bytes)
    {
        var lengths = GC.AllocateUninitializedArray<int>(count);
        stream.ReadExactly(MemoryMarshal.AsBytes(lengths.AsSpan()));
        var utf8 = GC.AllocateUninitializedArray<byte>(bytes);
        stream.ReadExactly(utf8);
        var words = new string[count];
        int offset = 0;
        for (int id = 0; id < count; id++)
        {
            if (lengths[id] < 0 || lengths[id] > bytes - offset)
                throw new InvalidDataException($"word {id} has length {lengths[id]}, past the {bytes} bytes of words");
            words[id] = Encoding.UTF8.GetString(utf8, offset, lengths[id]);
            offset += lengths[id];
        }
        if (offset != bytes) throw new InvalidDataException($"the words fill {offset} of their {bytes} bytes");
        return new Vocabulary(words);
    }
}
