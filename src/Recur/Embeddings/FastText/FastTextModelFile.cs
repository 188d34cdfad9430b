using System.Buffers.Binary;
using System.Text;
using Recur.Embeddings.Word2Vec;
using Recur.IO;

namespace Recur.Embeddings.FastText;

/// <summary>
/// Reads the model file fastText 0.9 writes beside its .vec (<c>fasttext skipgram|cbow -output m</c> → m.bin):
/// magic 793712314 and version 12; the arguments (dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket,
/// minn, maxn, lrUpdateRate as int32, t as float64); the dictionary (size, nwords, nlabels as int32, ntokens and
/// pruneidx_size as int64, then per entry a NUL-terminated word, an int64 count and an int8 type); then the input
/// and output matrices, each a quantisation flag byte, int64 rows and columns and the float32 values, all little
/// endian. The result answers out-of-vocabulary words from its n-gram rows exactly as <c>fasttext
/// print-word-vectors</c> does. Quantised (.ftz) and supervised models are refused; every problem is an
/// <see cref="InputFileException"/> naming the file and the byte offset.
/// </summary>
public static class FastTextModelFile
{
    public const int Magic = 793712314;
    const int Version = 12;

    /// <summary>Whether the file starts with fastText's magic number (and so is not a word2vec binary file).</summary>
    public static bool IsFastTextModel(string path)
    {
        using var stream = InputFile.Open(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && BinaryPrimitives.ReadInt32LittleEndian(head) == Magic;
    }

    public static Word2VecModel Read(string path)
    {
        byte[] bytes;
        using (var stream = InputFile.Open(path))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        var r = new Reader(path, bytes);
        if (r.Int32() != Magic) throw r.Error("not a fastText model (wrong magic number)", 0);
        int version = r.Int32();
        if (version != Version) throw r.Error($"fastText model version {version}; only version {Version} (fastText 0.9) is read", 4);
        int dim = r.Int32(), ws = r.Int32(), epoch = r.Int32();
        r.Int32(); // minCount
        int neg = r.Int32();
        r.Int32(); // wordNgrams
        int loss = r.Int32(), model = r.Int32(), bucket = r.Int32(), minn = r.Int32(), maxn = r.Int32();
        r.Int32(); // lrUpdateRate
        double t = r.Float64();
        if (model == 3) throw r.Error("a supervised fastText classifier, not word vectors", 36);
        if (model is not (1 or 2)) throw r.Error($"unknown model type {model} (1 cbow, 2 skipgram)", 36);
        if (loss is not (1 or 2)) throw r.Error($"loss {loss} is not hierarchical softmax (1) or negative sampling (2)", 32);
        if (dim < 1 || bucket < 0 || maxn < 0 || (maxn > 0 && (minn < 1 || minn > maxn)))
            throw r.Error($"implausible arguments (dim {dim}, bucket {bucket}, minn {minn}, maxn {maxn})", 8);

        int size = r.Int32(), nwords = r.Int32(), nlabels = r.Int32();
        r.Int64(); // ntokens
        long pruned = r.Int64();
        if (nlabels != 0 || size != nwords || nwords < 1) throw r.Error($"dictionary of {size} entries, {nwords} words and {nlabels} labels; expected words only", r.Offset - 28);
        // An entry takes at least 10 bytes (an empty word's NUL, the count, the type): refuse a count the file cannot hold.
        if (nwords > (bytes.Length - r.Offset) / 10) throw r.Error($"the dictionary promises {nwords} words, more than the file can hold", r.Offset - 28);
        var words = new string[nwords];
        var counts = new long[nwords];
        for (int i = 0; i < nwords; i++)
        {
            words[i] = r.Word();
            counts[i] = r.Int64();
            r.Byte(); // entry type: 0 word
        }
        if (pruned > 0) throw r.Error("a pruned (quantised) dictionary is not supported", r.Offset);
        var input = r.Matrix(nwords + (long)(maxn > 0 ? bucket : 0), dim, "input");
        var output = r.Matrix(loss == 2 ? nwords : nwords - 1, dim, "output");
        if (r.Offset != bytes.Length) throw r.Error($"{bytes.Length - r.Offset} bytes after the output matrix", r.Offset);

        var options = new Word2VecOptions
        {
            Architecture = model == 1 ? Word2VecArchitecture.Cbow : Word2VecArchitecture.SkipGram,
            Loss = loss == 1 ? Word2VecLoss.HierarchicalSoftmax : Word2VecLoss.NegativeSampling,
            Dimension = dim, Window = ws, Epochs = Math.Max(1, epoch), Negative = Math.Max(1, neg), Sample = t,
            MinN = maxn > 0 ? minn : 3, MaxN = maxn, Buckets = Math.Max(1, bucket),
        };
        return new Word2VecModel(words, counts, options, input, output, Word2VecTrainer.Subwords(words, options));
    }

    sealed class Reader(string path, byte[] bytes)
    {
        public int Offset { get; private set; }

        ReadOnlySpan<byte> Take(int n)
        {
            if (Offset + (long)n > bytes.Length) throw Error($"the file ends early (needs {n} more bytes)", Offset);
            var span = bytes.AsSpan(Offset, n);
            Offset += n;
            return span;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        public double Float64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
        public byte Byte() => Take(1)[0];

        public string Word()
        {
            int start = Offset;
            int end = Array.IndexOf(bytes, (byte)0, start);
            if (end < 0) throw Error("a dictionary word runs to the end of the file", start);
            Offset = end + 1;
            try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, end - start); }
            catch (DecoderFallbackException) { throw Error("a dictionary word is not valid UTF-8", start); }
        }

        public float[] Matrix(long rows, int cols, string name)
        {
            int at = Offset;
            if (Byte() != 0) throw Error($"the {name} matrix is quantised (.ftz); only full models are read", at);
            long m = Int64(), n = Int64();
            if (m != rows || n != cols) throw Error($"the {name} matrix is {m}×{n}; the header implies {rows}×{cols}", at + 1);
            if (m * n * sizeof(float) > bytes.Length - Offset) throw Error($"the {name} matrix ({m}×{n}) runs past the end of the file", at + 1);
            var values = new float[m * n];
            var span = Take((int)(m * n * sizeof(float)));
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * sizeof(float))..]);
            return values;
        }

        public InputFileException Error(string problem, long offset) => new(path, $"{problem} (byte offset {offset})");
    }
}
