using System.Buffers.Binary;

namespace Recur.NGram;

/// <summary>
/// Layout of a binary n-gram model file: the arrays of a <see cref="BackoffModel"/> exactly as they lie in memory, so
/// that loading is a handful of bulk reads. Native byte order; the header carries a byte-order mark and the slot
/// size so that a file from a machine with another layout is refused rather than misread.
/// <code>
/// header   magic[8] version:u32 byteOrderMark:u32 slotBytes:i32 order:i32 words:i32 wordBytes:i32
///          then per order n = 1..N: count:i64 slots:i64 (slots = 0 for unigrams)
/// words    byte length of each word:i32[words], their UTF-8 bytes[wordBytes]
/// order n  log10 p:f32[count], log10 back-off:f32[count];
///          n ≥ 2 also context id:i32[count], last word:i32[count], hash table:slot[slots]
/// </code>
/// Every length follows from the header, so a file whose length differs from the sum is truncated or inconsistent.
/// </summary>
internal static class NGramBinaryFormat
{
    /// <summary>
    /// As in PNG (RFC 2083 §12.11): a first byte above 0x7F cannot begin an ARPA text, and CR LF then LF then 0x1A
    /// show up line-ending conversion by a text-mode transfer.
    /// </summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'R', (byte)'N', (byte)'G', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    public const uint Version = 1;

    /// <summary>Written in native order; read back swapped it means the file came from a machine of the other endianness.</summary>
    public const uint ByteOrderMark = 0x0A0B0C0D;

    /// <summary>Bytes before the per-order counts.</summary>
    public const int FixedHeaderBytes = 32;

    public const int PerOrderHeaderBytes = 16;

    /// <summary>Orders above this are refused as a corrupt header rather than allocated.</summary>
    public const int MaxOrder = 64;

    public static bool StartsWithMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>Whether <paramref name="stream"/> (seekable, at its start) begins with the magic bytes; leaves it at its start.</summary>
    public static bool StartsWithMagic(Stream stream)
    {
        Span<byte> start = stackalloc byte[Magic.Length];
        bool binary = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && StartsWithMagic(start);
        stream.Position = 0;
        return binary;
    }

    public static uint Swap(uint value) => BinaryPrimitives.ReverseEndianness(value);
}
