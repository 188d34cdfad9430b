// sentencepiece's precompiled normalisation table: a little-endian uint32 trie size, a darts-clone double-array trie
// over UTF-8 bytes, then NUL-terminated replacement strings that the trie's values point into.
using System.Buffers.Binary;

namespace Recur.Subwords;

internal sealed class CharsMap
{
    readonly uint[] units;
    readonly byte[] replacements;

    public CharsMap(byte[] blob)
    {
        if (blob.Length < 4) throw new InvalidDataException("the precompiled character map is shorter than its header");
        uint trieBytes = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieBytes % 4 != 0 || trieBytes == 0 || 4 + (long)trieBytes > blob.Length)
            throw new InvalidDataException($"the precompiled character map declares a trie of {trieBytes} bytes in a blob of {blob.Length}");
        units = new uint[trieBytes / 4];
        for (int i = 0; i < units.Length; i++) units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        replacements = blob[(4 + (int)trieBytes)..];
    }

    /// <summary>
    /// The longest rule matching a prefix of <paramref name="utf8"/>: the number of input bytes it consumes and its
    /// replacement (UTF-8); 0 bytes when no rule matches.
    /// </summary>
    public int LongestMatch(ReadOnlySpan<byte> utf8, out ReadOnlySpan<byte> replacement)
    {
        // darts-clone unit layout: bit 8 has-leaf, bits 0–7 (and 31) the label, offset = (u >> 10) << ((u & 512) >> 6),
        // a leaf's value the low 31 bits.
        replacement = default;
        int matched = 0;
        uint node = Offset(units[0]);
        for (int i = 0; i < utf8.Length; i++)
        {
            node ^= utf8[i];
            if (node >= units.Length) break;
            uint unit = units[node];
            if ((unit & ((1u << 31) | 0xFF)) != utf8[i]) break;
            node ^= Offset(unit);
            if (((unit >> 8) & 1) == 1 && node < units.Length)
            {
                int value = (int)(units[node] & 0x7FFFFFFF);
                if (value >= replacements.Length) throw new InvalidDataException("the precompiled character map points past its strings");
                int end = replacements.AsSpan(value).IndexOf((byte)0);
                replacement = end < 0 ? replacements.AsSpan(value) : replacements.AsSpan(value, end);
                matched = i + 1;
            }
        }
        return matched;
    }

    static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
