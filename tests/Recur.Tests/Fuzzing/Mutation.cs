using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Recur.Tests.Fuzzing;

/// <summary>
/// One edit of a seed file. <see cref="Position"/> is taken modulo the current length, so any value is valid and a
/// generator need not know the file. Size-field edits write boundary integers (0, −1, 2³¹, the file's length, …) as
/// 1, 2, 4 or 8 little-endian bytes, the values that break unchecked length fields in binary formats; number edits
/// replace a run of ASCII digits with a boundary decimal, the same for counts in text formats. When the target names
/// its header fields, half the size-field edits (bit 6 of <see cref="Value"/>) go to one of them, at its own width.
/// </summary>
public readonly record struct Mutation(MutationKind Kind, int Position, long Value)
{
    static readonly string[] Decimals =
        ["0", "-1", "1", "255", "65536", "2147483647", "2147483648", "-2147483648", "4294967296", "9223372036854775807",
         "99999999999999999999", "1e400", "NaN", "-0", "3.5"];

    public static byte[] Apply(byte[] seed, IEnumerable<Mutation> mutations, IReadOnlyList<(int Offset, int Width)>? fields = null)
    {
        var bytes = new List<byte>(seed);
        foreach (var m in mutations) m.ApplyTo(bytes, fields);
        return [.. bytes];
    }

    void ApplyTo(List<byte> bytes, IReadOnlyList<(int Offset, int Width)>? fields)
    {
        int n = bytes.Count;
        int at = n == 0 ? 0 : (int)((uint)Position % (uint)n);
        ulong v = (ulong)Value;
        switch (Kind)
        {
            case MutationKind.FlipBit when n > 0:
                bytes[at] ^= (byte)(1 << (int)(v % 8));
                break;
            case MutationKind.SetByte when n > 0:
                bytes[at] = (byte)v;
                break;
            case MutationKind.Truncate:
                bytes.RemoveRange((int)((uint)Position % (uint)(n + 1)), n - (int)((uint)Position % (uint)(n + 1)));
                break;
            case MutationKind.Duplicate when n > 0:
                bytes.InsertRange(at, bytes.GetRange(at, Math.Min(1 + (int)(v % 64), n - at)));
                break;
            case MutationKind.Delete when n > 0:
                bytes.RemoveRange(at, Math.Min(1 + (int)(v % 64), n - at));
                break;
            case MutationKind.SizeField when n > 0 && fields is { Count: > 0 } && (v >> 6 & 1) == 0:
                var (offset, width) = fields[(int)((uint)Position % (uint)fields.Count)];
                if (offset < n) WriteInteger(bytes, offset, Boundary(v, n), width);
                break;
            case MutationKind.SizeField when n > 0:
                WriteInteger(bytes, at, Boundary(v, n), 1 << (int)(v / 16 % 4));
                break;
            case MutationKind.Number:
                ReplaceDigits(bytes, at, Decimals[v % (ulong)Decimals.Length]);
                break;
        }
    }

    static long Boundary(ulong choice, int length) => (choice % 16) switch
    {
        0 => 0, 1 => 1, 2 => -1, 3 => 255, 4 => 0x7FFF, 5 => 0xFFFF, 6 => int.MaxValue, 7 => 0x80000000L,
        8 => 0xFFFFFFFFL, 9 => long.MaxValue, 10 => long.MinValue, 11 => length, 12 => length + 1, 13 => length - 8,
        14 => 1L << 40, _ => 64,
    };

    static void WriteInteger(List<byte> bytes, int at, long value, int width)
    {
        Span<byte> le = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(le, value);
        for (int i = 0; i < width && at + i < bytes.Count; i++) bytes[at + i] = le[i];
    }

    static void ReplaceDigits(List<byte> bytes, int from, string replacement)
    {
        int start = -1;
        for (int i = 0; i < bytes.Count && start < 0; i++)
        {
            int j = (from + i) % bytes.Count;
            if (bytes[j] is >= (byte)'0' and <= (byte)'9') start = j;
        }
        if (start < 0) return;
        while (start > 0 && bytes[start - 1] is >= (byte)'0' and <= (byte)'9') start--;
        int end = start;
        while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9') end++;
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.ASCII.GetBytes(replacement));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}@{Position}:{Value}");
}
