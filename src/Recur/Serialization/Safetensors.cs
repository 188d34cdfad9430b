using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Recur.IO;

namespace Recur.Serialization;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes
/// of UTF-8 JSON mapping each tensor name to its dtype, shape and <c>data_offsets</c> [begin, end) within the data
/// buffer that follows, and an optional <c>__metadata__</c> object of strings. Recur writes F32 and reads F32, F16,
/// BF16 and F64, converting to float32 (F64 rounds to nearest). Integer, boolean and 8-bit float tensors are refused
/// with an error naming the tensor rather than converted, because a silent conversion of indices or masks to floats
/// would hide a mistake; a model's parameters are always floating point.
/// </summary>
public static class Safetensors
{
    // The reference implementation refuses headers over 100 MB; a larger length means a corrupt or foreign file.
    const long MaxHeaderLength = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> as F32 in the given order, with optional string metadata. The file is
    /// replaced atomically: a failure leaves any existing file as it was.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => Save(stream, tensors, metadata));
    }

    /// <summary>Writes <paramref name="tensors"/> as F32 in the given order to <paramref name="stream"/>.</summary>
    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var header = SafetensorsHeader.Write(tensors.Select(t => (t.Key, t.Value.Dims)), metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        float[]? scratch = null;
        foreach (var tensor in tensors.Values)
        {
            ReadOnlySpan<float> values;
            if (tensor.IsContiguous) values = tensor.AsSpan();
            else
            {
                if (scratch is null || scratch.Length < tensor.Count) scratch = new float[tensor.Count];
                tensor.CopyStridedTo(scratch);
                values = scratch.AsSpan(0, tensor.Count);
            }
            WriteLittleEndian(stream, values);
        }
    }

    /// <summary>Reads every tensor of the file as float32, with the file's metadata.</summary>
    public static SafetensorsFile Load(string path)
    {
        using var stream = new BufferedStream(InputFile.Open(path), 1 << 16);
        return Load(stream, path);
    }

    /// <summary>
    /// Reads a safetensors file from the current position of <paramref name="stream"/> to its end; the stream need not
    /// be seekable. <paramref name="sourceName"/> names the source in error messages.
    /// </summary>
    public static SafetensorsFile Load(Stream stream, string sourceName = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;

        Span<byte> lengthBytes = stackalloc byte[8];
        int got = stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false);
        if (got < 8) throw SafetensorsHeader.Invalid(sourceName, $"it has {got} bytes, fewer than the 8 of the header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (available is long size && headerLength > (ulong)(size - 8))
            throw SafetensorsHeader.Invalid(sourceName, $"the header length {headerLength} runs past the end of the file ({size} bytes)");
        if (headerLength > MaxHeaderLength)
            throw SafetensorsHeader.Invalid(sourceName, $"the header length {headerLength} exceeds the {MaxHeaderLength}-byte limit");

        var json = new byte[headerLength];
        ReadExactly(stream, json, sourceName, "the header");
        var (entries, metadata, bufferLength) = SafetensorsHeader.Parse(json, sourceName);
        if (available is long total && 8 + (long)headerLength + bufferLength != total)
            throw SafetensorsHeader.Invalid(sourceName,
                $"the header describes {bufferLength} bytes of tensor data but the file holds {total - 8 - (long)headerLength}");

        var tensors = new OrderedDictionary<string, Tensor>(entries.Count);
        foreach (var entry in entries) tensors.Add(entry.Name, ReadTensor(stream, entry, sourceName));
        if (available is null && stream.ReadByte() >= 0)
            throw SafetensorsHeader.Invalid(sourceName, $"bytes follow the {bufferLength} bytes of tensor data the header describes");
        return new SafetensorsFile(tensors, metadata);
    }

    static Tensor ReadTensor(Stream stream, SafetensorsEntry entry, string source)
    {
        var values = new float[Tensor.ShapeSize(entry.Shape)];
        string what = $"tensor '{entry.Name}'";
        switch (entry.DType)
        {
            case SafetensorsDType.F32:
                ReadExactly(stream, MemoryMarshal.AsBytes(values.AsSpan()), source, what);
                if (!BitConverter.IsLittleEndian)
                {
                    var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }
                break;
            case SafetensorsDType.F16:
            case SafetensorsDType.BF16:
            case SafetensorsDType.F64:
                ReadConverted(stream, entry.DType, values, source, what);
                break;
            default:
                throw SafetensorsHeader.Invalid(source,
                    $"{what} has dtype {entry.DType.Name()}; only F32, F16, BF16 and F64 tensors load as float32");
        }
        return new Tensor(values, entry.Shape);
    }

    /// <summary>Reads narrower or wider floats in chunks and converts them to float32.</summary>
    static void ReadConverted(Stream stream, SafetensorsDType dtype, Span<float> destination, string source, string what)
    {
        int size = dtype.Size();
        const int ChunkElements = 1 << 14;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkElements * size);
        try
        {
            for (int start = 0; start < destination.Length; start += ChunkElements)
            {
                int n = Math.Min(ChunkElements, destination.Length - start);
                var bytes = buffer.AsSpan(0, n * size);
                ReadExactly(stream, bytes, source, what);
                var target = destination.Slice(start, n);
                for (int i = 0; i < n; i++)
                {
                    target[i] = dtype switch
                    {
                        SafetensorsDType.F16 => (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
                        // bfloat16 is the upper half of a float32's bits.
                        SafetensorsDType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) << 16),
                        _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
                    };
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian) { stream.Write(MemoryMarshal.AsBytes(values)); return; }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    static void ReadExactly(Stream stream, Span<byte> destination, string source, string what)
    {
        int got = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (got < destination.Length) throw SafetensorsHeader.Invalid(source, $"the file ends inside {what}");
    }
}
