using System.Text.Json;
using Recur.Embeddings;
using Recur.Embeddings.Formats;
using Recur.IO;

namespace Recur.Tests.Embeddings;

public sealed class WordVectorsFormatTests : IDisposable
{
    readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("recur-embed-format-");

    public void Dispose() => temp.Delete(recursive: true);

    string TempFile(string name) => Path.Combine(temp.FullName, name);

    static string Fixture(string name) => Path.Combine("Fixtures", "Embeddings", name);

    static WordVectors Sample() => new(["king", "queen", "café", "x"], 3,
        [0.1f, -2.5e-7f, 3e10f, float.Epsilon, 1, -1, 0.333333343f, 7, 8, 0, 0, -0f]);

    [Theory]
    [InlineData("v.vec")]
    [InlineData("v.bin")]
    public void Round_trip_is_exact(string name)
    {
        var vectors = Sample();
        WordVectorsFile.Save(TempFile(name), vectors);
        var back = WordVectorsFile.Load(TempFile(name));
        Assert.Equal(vectors.Words, back.Words);
        Assert.Equal(3, back.Dimension);
        Assert.Equal(vectors.Data.ToArray(), back.Data.ToArray());
    }

    [Fact]
    public void Reads_the_vec_file_fasttext_wrote()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Fixture("fasttext.json"))).RootElement;
        var vectors = Word2VecTextFormat.Read(Fixture("fasttext.vec"));
        var words = expected.GetProperty("words").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.Equal(words, vectors.Words);
        Assert.Equal(expected.GetProperty("dimension").GetInt32(), vectors.Dimension);
        int i = 0;
        foreach (var row in expected.GetProperty("values").EnumerateArray())
        {
            var want = row.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            Assert.Equal(want, vectors.Vector(i++).ToArray());
        }
    }

    [Theory]
    [InlineData("word2vec_c.bin")]
    [InlineData("gensim.bin")]
    public void Reads_word2vec_and_gensim_binary_layouts(string name)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Fixture("binary.json"))).RootElement;
        var vectors = Word2VecBinaryFormat.Read(Fixture(name));
        Assert.Equal(expected.GetProperty("words").EnumerateArray().Select(w => w.GetString()!), vectors.Words);
        var want = expected.GetProperty("values").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => (float)v.GetDouble())).ToArray();
        Assert.Equal(want, vectors.Data.ToArray());
    }

    [Fact]
    public void Binary_writer_matches_word2vec_c_bytes()
    {
        var fixture = Word2VecBinaryFormat.Read(Fixture("word2vec_c.bin"));
        Word2VecBinaryFormat.Write(TempFile("w.bin"), fixture);
        Assert.Equal(File.ReadAllBytes(Fixture("word2vec_c.bin")), File.ReadAllBytes(TempFile("w.bin")));
    }

    [Theory]
    [InlineData("2 3\na 1 2 3\nb 1 2\n", ":3: 'b' has 2 numbers; expected 3")]
    [InlineData("2 3\na 1 2 3\nb 1 x 3\n", ":3: 'x' (value 2 of 'b') is not a number")]
    [InlineData("3 3\na 1 2 3\nb 1 2 3\n", ":3: the header promises 3 words, but the file ends after 2")]
    [InlineData("1 3\na 1 2 3\nb 1 2 3\n", ":3: the header promises 1 words, but the file has more")]
    [InlineData("a 1 2\nb 1 2 3\n", ":2: 'b' has 3 numbers; expected 2")]
    public void Malformed_text_lines_name_the_file_and_line(string text, string message)
    {
        File.WriteAllText(TempFile("bad.vec"), text);
        var e = Assert.Throws<InputFileException>(() => Word2VecTextFormat.Read(TempFile("bad.vec")));
        Assert.Equal(TempFile("bad.vec") + message, e.Message);
    }

    [Fact]
    public void Binary_shorter_than_its_header_is_refused_with_the_offset()
    {
        var bytes = File.ReadAllBytes(Fixture("word2vec_c.bin"));
        File.WriteAllBytes(TempFile("short.bin"), bytes[..^5]);
        var e = Assert.Throws<InputFileException>(() => Word2VecBinaryFormat.Read(TempFile("short.bin")));
        Assert.Contains("header promises 4 vectors of 3 dimensions, but the file ends in vector 4 (byte offset 60, file size 73)", e.Message);
        Assert.StartsWith(TempFile("short.bin"), e.Message);
    }

    [Fact]
    public void Binary_longer_than_its_header_is_refused()
    {
        var bytes = File.ReadAllBytes(Fixture("word2vec_c.bin"));
        bytes[0] = (byte)'3';
        File.WriteAllBytes(TempFile("long.bin"), bytes);
        var e = Assert.Throws<InputFileException>(() => Word2VecBinaryFormat.Read(TempFile("long.bin")));
        Assert.Contains("header promises 3 vectors of 3 dimensions, which end at byte offset 59, but the file has 78 bytes", e.Message);
    }

    [Fact]
    public void Binary_without_a_header_is_refused()
    {
        File.WriteAllText(TempFile("text.bin"), "king 0.1 0.2\n");
        var e = Assert.Throws<InputFileException>(() => Word2VecBinaryFormat.Read(TempFile("text.bin")));
        Assert.Contains("is not a word2vec binary header", e.Message);
    }
}
