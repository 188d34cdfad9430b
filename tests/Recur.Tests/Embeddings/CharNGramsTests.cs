using System.Text.Json;
using Recur.Embeddings.FastText;

namespace Recur.Tests.Embeddings;

public class CharNGramsTests
{
    [Fact]
    public void Trigrams_of_where_as_in_the_fasttext_paper()
    {
        // Bojanowski et al. 2017, §3.2: "where" with n = 3 gives <wh, whe, her, ere, re> (and the bare "<", ">" never appear).
        Assert.Equal(["<wh", "whe", "her", "ere", "re>"], CharNGrams.Enumerate("where", 3, 3));
    }

    [Fact]
    public void Lengths_three_to_six_by_start_then_length_counting_characters()
    {
        var grams = CharNGrams.Enumerate("été", 3, 6);
        // "<été>" has five characters: <ét <été <été> été été> té>
        Assert.Equal(["<ét", "<ét\u00e9", "<été>", "été", "été>", "té>"], grams);
    }

    [Fact]
    public void Hash_matches_fasttext_including_sign_extended_bytes()
    {
        var expected = JsonSerializer.Deserialize<Dictionary<string, uint>>(File.ReadAllText(Path.Combine("Fixtures", "Embeddings", "fnv.json")))!;
        Assert.Equal(8, expected.Count);
        foreach (var (text, hash) in expected) Assert.Equal(hash, CharNGrams.Hash(text));
        Assert.Equal(0x811C9DC5u, CharNGrams.Hash(""));      // FNV-1a offset basis
        Assert.Equal(0xBF9CF968u, CharNGrams.Hash("foobar")); // standard FNV-1a test vector
    }

    [Fact]
    public void Buckets_are_the_hash_modulo_the_bucket_count()
    {
        var buckets = new List<int>();
        CharNGrams.AddBuckets("where", 3, 3, 2_000_000, buckets);
        Assert.Equal(CharNGrams.Enumerate("where", 3, 3).Select(g => (int)(CharNGrams.Hash(g) % 2_000_000)), buckets);
        buckets.Clear();
        CharNGrams.AddBuckets("where", 3, 0, 2_000_000, buckets);
        Assert.Empty(buckets);
    }
}
