using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Recur.NGram;

namespace Recur.Tests.NGram;

/// <summary>
/// The binary model format: a model loaded from it answers every query bit for bit as the ARPA-loaded one, and each
/// kind of malformed file is refused with a message naming the file and the problem.
/// </summary>
public sealed class NGramBinaryTests : IDisposable
{
    // Offsets in the header (see NGramBinaryFormat): magic[8], version, byte-order mark, slot bytes, order, words,
    // word bytes, then (count, slots) as two int64 per order.
    const int VersionOffset = 8, ByteOrderOffset = 12, OrderOffset = 20, CountsOffset = 32;

    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-ngram-binary-");

    public void Dispose() => dir.Delete(recursive: true);

    string PathOf(string name) => Path.Combine(dir.FullName, name);

    /// <summary>A 4-gram Kneser-Ney model of a seeded corpus, read back from its ARPA text.</summary>
    static BackoffModel ArpaModel()
    {
        var estimated = NGramEstimator.Estimate(NGramCounter.Count(new StringReader(GeneratedCorpusTests.Corpus(11, 2000)), 4), new KneserNeySmoothing());
        var text = new StringWriter();
        ArpaWriter.Write(estimated, text);
        return ArpaReader.Read(new StringReader(text.ToString()));
    }

    string WriteBinary(BackoffModel model, string name = "model.bin")
    {
        string path = PathOf(name);
        NGramBinaryWriter.Write(model, path);
        return path;
    }

    static void AssertBitsEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what) =>
        Assert.True(MemoryMarshal.Cast<float, int>(expected).SequenceEqual(MemoryMarshal.Cast<float, int>(actual)), what);

    [Fact]
    public void BinaryModelAnswersEveryQueryBitForBit()
    {
        var arpa = ArpaModel();
        var binary = NGramBinaryReader.Read(WriteBinary(arpa));

        Assert.Equal(arpa.Order, binary.Order);
        Assert.Equal(arpa.Vocabulary.Count, binary.Vocabulary.Count);
        for (int id = 0; id < arpa.Vocabulary.Count; id++)
        {
            Assert.Equal(arpa.Vocabulary[id], binary.Vocabulary[id]);
            Assert.Equal(id, binary.Vocabulary.IndexOf(arpa.Vocabulary[id]));
        }
        for (int n = 1; n <= arpa.Order; n++)
        {
            AssertBitsEqual(arpa.LogProbs(n), binary.LogProbs(n), $"log10 p of the {n}-grams");
            AssertBitsEqual(arpa.LogBackoffs(n), binary.LogBackoffs(n), $"log10 back-offs of the {n}-grams");
            if (n == 1) continue;
            Assert.True(arpa.Index(n).Prefixes.SequenceEqual(binary.Index(n).Prefixes));
            Assert.True(arpa.Index(n).Words.SequenceEqual(binary.Index(n).Words));
        }

        // Every stored n-gram, looked up through the hash tables by its words: the same probability, in bits.
        var words = new int[arpa.Order];
        for (int n = 1; n <= arpa.Order; n++)
            for (int id = 0; id < arpa.Size(n); id++)
            {
                int at = id;
                for (int k = n; k >= 2; k--) { words[k - 1] = arpa.Index(k).Words[at]; at = arpa.Index(k).Prefixes[at]; }
                words[0] = at;
                var context = words[..(n - 1)].Select(w => arpa.Vocabulary[w]).ToArray();
                string word = arpa.Vocabulary[words[n - 1]];
                Assert.Equal(BitConverter.SingleToInt32Bits(arpa.Log10Prob(context, word)), BitConverter.SingleToInt32Bits(binary.Log10Prob(context, word)));
            }

        // Held-out text with unseen words and n-grams exercises the back-off paths.
        string heldOut = GeneratedCorpusTests.Corpus(12, 300) + "w1 never-seen w2 w3 w4 w5 w6\n";
        foreach (var line in heldOut.Split('\n'))
            Assert.Equal(BitConverter.DoubleToInt64Bits(arpa.SentenceLog10Prob(line)), BitConverter.DoubleToInt64Bits(binary.SentenceLog10Prob(line)));
        Assert.Equal(Perplexity.Evaluate(arpa, new StringReader(heldOut)), Perplexity.Evaluate(binary, new StringReader(heldOut)));
    }

    [Fact]
    public void WritingIsDeterministicAndLoadDetectsTheFormat()
    {
        var arpa = ArpaModel();
        string first = WriteBinary(arpa, "a.bin");
        string second = WriteBinary(NGramBinaryReader.Read(first), "b.bin");
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));

        string text = PathOf("model.arpa");
        ArpaWriter.Write(arpa, text);
        Assert.True(NGramBinaryReader.IsBinary(first));
        Assert.False(NGramBinaryReader.IsBinary(text));
        var fromText = BackoffModel.Load(text);
        var fromBinary = BackoffModel.Load(first);
        string heldOut = GeneratedCorpusTests.Corpus(13, 100);
        Assert.Equal(Perplexity.Evaluate(fromText, new StringReader(heldOut)), Perplexity.Evaluate(fromBinary, new StringReader(heldOut)));
    }

    [Fact]
    public void SmallModelsRoundTrip()
    {
        string[] files =
        [
            "\\data\\\nngram 1=3\n\n\\1-grams:\n-1\t<s>\n-0.5\t</s>\n-0.25\ta\n\n\\end\\\n",
            "\\data\\\nngram 1=3\nngram 2=0\n\n\\1-grams:\n-1\t<s>\t-0.1\n-0.5\t</s>\n-0.25\ta\t-0.2\n\n\\2-grams:\n\n\\end\\\n",
            // The trigram's context "a b" is missing from the file: the reader adds a NaN placeholder that routes the lookup.
            "\\data\\\nngram 1=4\nngram 2=1\nngram 3=1\n\n\\1-grams:\n-1\t<s>\t-0.1\n-0.5\t</s>\n-0.6\ta\t-0.2\n-0.7\tb\t-0.3\n" +
            "\n\\2-grams:\n-0.2\tb </s>\t-0.05\n\n\\3-grams:\n-0.1\ta b </s>\n\n\\end\\\n",
        ];
        foreach (var file in files)
        {
            var model = ArpaReader.Read(new StringReader(file));
            var binary = NGramBinaryReader.Read(WriteBinary(model));
            Assert.Equal(model.Order, binary.Order);
            for (int n = 1; n <= model.Order; n++)
            {
                AssertBitsEqual(model.LogProbs(n), binary.LogProbs(n), $"{n}-grams of a {model.Order}-gram model");
                AssertBitsEqual(model.LogBackoffs(n), binary.LogBackoffs(n), $"{n}-gram back-offs of a {model.Order}-gram model");
            }
            foreach (var sentence in new[] { "a b a", "a b", "b", "" })
                Assert.Equal(model.SentenceLog10Prob(sentence), binary.SentenceLog10Prob(sentence));
        }
        var placeholder = NGramBinaryReader.Read(WriteBinary(ArpaReader.Read(new StringReader(files[2]))));
        // Bigram 0 is "b </s>", bigram 1 the placeholder "a b", which must survive as NaN.
        Assert.Equal(2, placeholder.Size(2));
        Assert.True(float.IsNaN(placeholder.LogProbs(2)[1]) && !float.IsNaN(placeholder.LogProbs(2)[0]));
        // p(</s> | a b) comes from the stored trigram, reached through the placeholder.
        Assert.Equal(-0.1f, placeholder.Log10Prob(["a", "b"], "</s>"));
    }

    [Fact]
    public void FailedWriteLeavesTheOldFileAndNoTemporary()
    {
        string path = PathOf("keep.bin");
        File.WriteAllText(path, "old");
        Assert.Throws<ArgumentNullException>(() => NGramBinaryWriter.Write(null!, path));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(dir.GetFiles());
    }

    /// <summary>Writes a valid model, lets <paramref name="corrupt"/> change its bytes, and returns the load error.</summary>
    InvalidDataException Malformed(string name, Func<byte[], byte[]> corrupt)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, corrupt(File.ReadAllBytes(WriteBinary(ArpaModel(), "valid.bin"))));
        var error = Assert.Throws<InvalidDataException>(() => NGramBinaryReader.Read(path));
        Assert.StartsWith(path + ": ", error.Message);
        return error;
    }

    static byte[] Set32(byte[] bytes, int offset, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        return bytes;
    }

    [Fact]
    public void WrongMagicIsRefused()
    {
        var error = Malformed("magic.bin", b => { b[1] = (byte)'X'; return b; });
        Assert.Contains("wrong magic", error.Message);
    }

    [Fact]
    public void UnsupportedVersionIsRefused()
    {
        var error = Malformed("version.bin", b => Set32(b, VersionOffset, 99));
        Assert.Contains("version 99 is not supported", error.Message);
    }

    [Fact]
    public void OtherByteOrderIsRefused()
    {
        var error = Malformed("endian.bin", b => Set32(b, ByteOrderOffset, BinaryPrimitives.ReverseEndianness(0x0A0B0C0Du)));
        Assert.Contains("other byte order", error.Message);
    }

    [Theory]
    [InlineData(10)]   // inside the header
    [InlineData(40)]   // inside the per-order counts
    [InlineData(-1)]   // one byte short
    [InlineData(-5000)] // inside the last hash table
    public void TruncatedFileIsRefused(int keep)
    {
        var error = Malformed($"truncated{keep}.bin", b => b[..(keep >= 0 ? keep : b.Length + keep)]);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void TruncatedStreamWithoutLengthIsRefused()
    {
        var bytes = File.ReadAllBytes(WriteBinary(ArpaModel()));
        var error = Assert.Throws<InvalidDataException>(() => NGramBinaryReader.Read(new UnseekableStream(bytes[..^100]), "piped"));
        Assert.StartsWith("piped: truncated", error.Message);
    }

    [Fact]
    public void CountsInconsistentWithTheFileLengthAreRefused()
    {
        var longer = Malformed("trailing.bin", b => [.. b, 0, 0, 0, 0]);
        Assert.Contains("inconsistent", longer.Message);
        // One fewer bigram than stored: the lengths no longer add up.
        var fewer = Malformed("count.bin", b =>
        {
            long bigrams = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(CountsOffset + 16));
            BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(CountsOffset + 16), bigrams - 1);
            return b;
        });
        Assert.Contains("inconsistent", fewer.Message);
        var order = Malformed("order.bin", b => Set32(b, OrderOffset, 0));
        Assert.Contains("order 0 is out of range", order.Message);
    }

    [Fact]
    public void OutOfRangeIdsAreRefused()
    {
        var model = ArpaModel();
        // The 4-grams' last-word array ends 4·count + 16·slots bytes before the end of the file; its last entry is
        // overwritten with a word id past the vocabulary.
        long count = model.Size(4);
        var error = Malformed("word.bin", b =>
        {
            long slots = BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(CountsOffset + 3 * 16 + 8));
            int at = (int)(b.Length - 16 * slots - 4);
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), 1_000_000);
            return b;
        });
        Assert.Contains("out of range", error.Message);
        Assert.True(count > 0);
    }

    sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
