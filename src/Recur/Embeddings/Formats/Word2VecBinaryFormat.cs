using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Recur.IO;

namespace Recur.Embeddings.Formats;

/// <summary>
/// word2vec's binary format (word2vec.c with -binary 1; gensim's <c>binary=True</c>): an ASCII header "V D\n", then
/// per word its UTF-8 bytes, a space and D little-endian float32 values. word2vec.c ends each vector with "\n",
/// gensim writes nothing; readers of both skip newlines before a word, so this writer follows word2vec.c.
/// </summary>
public static class Word2VecBinaryFormat
{
    public static void Write(string path, WordVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        AtomicFile.Write(path, stream => Write(stream, vectors));
    }

    public static void Write(Stream stream, WordVectors vectors)
    {
        var header = Encoding.ASCII.GetBytes($"{vectors.Count} {vectors.Dimension}\n");
        stream.Write(header);
        var row = new byte[vectors.Dimension * sizeof(float)];
        for (int i = 0; i < vectors.Count; i++)
        {
            stream.Write(Encoding.UTF8.GetBytes(vectors.Words[i]));
            stream.WriteByte((byte)' ');
            var v = vectors.Vector(i);
            for (int k = 0; k < v.Length; k++) BinaryPrimitives.WriteSingleLittleEndian(row.AsSpan(k * sizeof(float)), v[k]);
            stream.Write(row);
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>
    /// Reads a binary vectors file. Problems are <see cref="InputFileException"/>s naming the file and the byte
    /// offset: a header that is not "V D", a file shorter than its header promises, bytes left after the last vector,
    /// a word that is not UTF-8.
    /// </summary>
    public static WordVectors Read(string path)
    {
        byte[] bytes;
        using (var stream = InputFile.Open(path))
        {
            try { bytes = new byte[stream.Length]; stream.ReadExactly(bytes); }
            catch (IOException e) when (e is not InputFileException) { throw new InputFileException(path, $"cannot be read ({e.Message})", inner: e); }
        }
        if (bytes.Length == 0) throw new InputFileException(path, "the file is empty");
        int headerEnd = Array.IndexOf(bytes, (byte)'\n');
        var fields = headerEnd < 0 || headerEnd > 64 ? [] : Encoding.ASCII.GetString(bytes, 0, headerEnd).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 2 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int dim) || dim < 1)
            throw new InputFileException(path, "the first line is not a word2vec binary header \"<words> <dimension>\"", 1);
        // Each vector takes at least a space and 4·D bytes: a header promising more than the file can hold is refused
        // before anything is allocated for it.
        long least = (long)count * (1 + sizeof(float) * (long)dim);
        if (least > bytes.Length - headerEnd - 1)
            throw new InputFileException(path, $"header promises {count} vectors of {dim} dimensions (at least {least} bytes), but the file has {bytes.Length - headerEnd - 1} bytes after the header");
        var words = new string[count];
        var data = new float[count * dim];
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        int at = headerEnd + 1;
        for (int i = 0; i < count; i++)
        {
            while (at < bytes.Length && (bytes[at] == '\n' || bytes[at] == '\r')) at++;
            int space = at < bytes.Length ? Array.IndexOf(bytes, (byte)' ', at) : -1;
            if (space < 0 || space + 1 + (long)dim * sizeof(float) > bytes.Length)
                throw new InputFileException(path, $"header promises {count} vectors of {dim} dimensions, but the file ends in vector {i + 1} (byte offset {at}, file size {bytes.Length})");
            try { words[i] = utf8.GetString(bytes, at, space - at); }
            catch (DecoderFallbackException) { throw new InputFileException(path, $"word {i + 1} at byte offset {at} is not valid UTF-8"); }
            at = space + 1;
            for (int k = 0; k < dim; k++, at += sizeof(float)) data[i * dim + k] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at));
        }
        int rest = at;
        while (rest < bytes.Length && (bytes[rest] == '\n' || bytes[rest] == '\r')) rest++;
        if (rest != bytes.Length)
            throw new InputFileException(path, $"header promises {count} vectors of {dim} dimensions, which end at byte offset {at}, but the file has {bytes.Length} bytes");
        return new WordVectors(words, dim, data);
    }
}
