using System.Runtime.InteropServices;
using System.Text;
using Recur.IO;

namespace Recur.NGram;

/// <summary>
/// Writes a <see cref="BackoffModel"/> in the binary layout of <see cref="NGramBinaryFormat"/>, which
/// <see cref="NGramBinaryReader"/> loads with a few bulk reads instead of parsing text; the loaded model answers
/// every query bit for bit as the written one (its hash tables are saved as they are, not rebuilt).
/// </summary>
public static class NGramBinaryWriter
{
    /// <summary>Writes to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(BackoffModel model, string path) => AtomicFile.Write(path, stream => Write(model, stream));

    public static void Write(BackoffModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        var vocabulary = model.Vocabulary;
        var lengths = new int[vocabulary.Count];
        for (int id = 0; id < lengths.Length; id++) lengths[id] = Encoding.UTF8.GetByteCount(vocabulary[id]);
        int wordBytes = checked(lengths.Sum());

        Span<byte> header = stackalloc byte[NGramBinaryFormat.FixedHeaderBytes + NGramBinaryFormat.PerOrderHeaderBytes * model.Order];
        NGramBinaryFormat.Magic.CopyTo(header);
        var fields = MemoryMarshal.Cast<byte, int>(header[8..NGramBinaryFormat.FixedHeaderBytes]);
        fields[0] = (int)NGramBinaryFormat.Version;
        fields[1] = unchecked((int)NGramBinaryFormat.ByteOrderMark);
        fields[2] = NGramIndex.SlotBytes;
        fields[3] = model.Order;
        fields[4] = vocabulary.Count;
        fields[5] = wordBytes;
        var counts = MemoryMarshal.Cast<byte, long>(header[NGramBinaryFormat.FixedHeaderBytes..]);
        for (int n = 1; n <= model.Order; n++)
        {
            counts[2 * (n - 1)] = model.Size(n);
            counts[2 * (n - 1) + 1] = n == 1 ? 0 : model.Index(n).SlotCount;
        }
        stream.Write(header);

        stream.Write(MemoryMarshal.AsBytes(lengths.AsSpan()));
        var utf8 = new byte[wordBytes];
        int offset = 0;
        for (int id = 0; id < lengths.Length; id++) offset += Encoding.UTF8.GetBytes(vocabulary[id], utf8.AsSpan(offset));
        stream.Write(utf8);

        for (int n = 1; n <= model.Order; n++)
        {
            stream.Write(MemoryMarshal.AsBytes(model.LogProbs(n)));
            stream.Write(MemoryMarshal.AsBytes(model.LogBackoffs(n)));
            if (n > 1) model.Index(n).WriteTo(stream);
        }
    }
}
