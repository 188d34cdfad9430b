using System.Text.Json;
using Recur.Embeddings.FastText;
using Recur.Embeddings.Formats;
using Recur.Embeddings.Word2Vec;
using Recur.IO;

namespace Recur.Tests.Embeddings;

public class FastTextModelFileTests
{
    static string Fixture(string name) => Path.Combine("Fixtures", "Embeddings", name);

    [Fact]
    public void Word_vectors_equal_what_fasttext_prints_for_known_and_unseen_words()
    {
        var model = FastTextModelFile.Read(Fixture("fasttext_model.bin"));
        Assert.Equal((4, 3, 6, 1000), (model.Dimension, model.Options.MinN, model.Options.MaxN, model.Options.Buckets));
        Assert.Equal(Word2VecArchitecture.SkipGram, model.Options.Architecture);
        Assert.Equal("</s>", model.Words[0]);
        var expected = JsonSerializer.Deserialize<Dictionary<string, float[]>>(File.ReadAllText(Fixture("fasttext_oov.json")))!;
        Assert.Contains(expected, e => e.Key == "naïveté" && e.Value.Any(x => x != 0));
        foreach (var (word, want) in expected)
        {
            var got = model.WordVector(word);
            // fastText prints 5 significant digits.
            for (int k = 0; k < want.Length; k++) Assert.True(Math.Abs(got[k] - want[k]) <= 5e-5 * Math.Abs(want[k]) + 1e-9, $"{word}[{k}]: {got[k]} vs {want[k]}");
        }
    }

    [Fact]
    public void A_fasttext_bin_loads_through_the_common_entry_point()
    {
        var vectors = WordVectorsFile.Load(Fixture("fasttext_model.bin"));
        Assert.Equal(11, vectors.Count);
        Assert.False(FastTextModelFile.IsFastTextModel(Fixture("word2vec_c.bin")));
    }

    [Fact]
    public void A_word_count_beyond_the_file_is_refused_before_allocating()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-ft-{Guid.NewGuid():N}.bin");
        try
        {
            var bytes = File.ReadAllBytes(Fixture("fasttext_model.bin"));
            // The dictionary's size and nwords follow the 8-byte magic/version and the 56 bytes of arguments.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(64), int.MaxValue);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(68), int.MaxValue);
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<InputFileException>(() => FastTextModelFile.Read(path));
            Assert.Equal($"{path}: the dictionary promises {int.MaxValue} words, more than the file can hold (byte offset 64)", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_truncated_model_names_the_file_and_offset()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-ft-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, File.ReadAllBytes(Fixture("fasttext_model.bin"))[..5000]);
            var e = Assert.Throws<InputFileException>(() => FastTextModelFile.Read(path));
            Assert.StartsWith($"{path}: the input matrix (1011×4) runs past the end of the file (byte offset", e.Message);
        }
        finally { File.Delete(path); }
    }
}
