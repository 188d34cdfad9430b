using Recur.Subwords;

namespace Recur.Tests.Subwords;

/// <summary>BPE training: the merge order on a hand-counted corpus, the vocabulary-size convention, coverage, byte fallback, round trips.</summary>
public class BpeTrainerTests
{
    // Sennrich et al.'s example counts: low ×5, lower ×2, newest ×6, widest ×3.
    static readonly string[] SennrichCorpus =
        [.. Enumerable.Repeat("low", 5), .. Enumerable.Repeat("lower", 2), .. Enumerable.Repeat("newest", 6), .. Enumerable.Repeat("widest", 3)];

    [Fact]
    public void MergesTheMostFrequentPairFirst()
    {
        // Pair counts by hand: e s 9, s t 9, ▁ l / l o / o w 7, w e 8 — but "es" wins its tie with "st" (e is the most
        // frequent character, so its id is lower), and once "est" exists "w e" falls to 2. Then "▁l", "ow", "▁low".
        var model = BpeTrainer.Train(SennrichCorpus, new BpeTrainerOptions { VocabSize = 3 + 11 + 5 });
        var merged = model.Pieces.Skip(3).Take(5).Select(p => p.Text);
        Assert.Equal(["es", "est", "▁l", "ow", "▁low"], merged);
        Assert.Equal(19, model.VocabSize);
        // The characters follow the merges, most frequent first (ties by code point).
        Assert.Equal(["e", "w", "▁", "s", "t", "l", "o", "n", "d", "i", "r"], model.Pieces.Skip(8).Select(p => p.Text));
        Assert.Equal(["▁low", "e", "r"], model.Encode("lower"));
        Assert.Equal(["▁", "n", "e", "w", "est"], model.Encode("newest"));
    }

    [Fact]
    public void TheVocabularySizeCountsSpecialsBytesCharactersAndMerges()
    {
        var text = SentencePieceInteropTests.Lines("train.txt");
        var model = BpeTrainer.Train(text, new BpeTrainerOptions { VocabSize = 700, ByteFallback = true });
        Assert.Equal(700, model.VocabSize);
        Assert.Equal(["<unk>", "<s>", "</s>", "<0x00>"], model.Pieces.Take(4).Select(p => p.Text));
        Assert.Equal(700, model.Pieces.Select(p => p.Text).Distinct().Count());
        Assert.All(model.Pieces.Skip(3 + 256), p => Assert.True(p.Text.EnumerateRunes().Count() <= 16));
        var ex = Assert.Throws<ArgumentException>(() => BpeTrainer.Train(text, new BpeTrainerOptions { VocabSize = 200, ByteFallback = true }));
        Assert.Contains("smaller than the", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => BpeTrainer.Train(["ab ab"], new BpeTrainerOptions { VocabSize = 50 }));
        Assert.Contains("at most", ex.Message);
    }

    [Fact]
    public void RareCharactersFallOutsideTheCoverageAndBecomeBytes()
    {
        string[] text = [.. Enumerable.Repeat("aaaa bbbb", 500), "ж"];
        var noFallback = BpeTrainer.Train(text, new BpeTrainerOptions { VocabSize = 8, CharacterCoverage = 0.999 });
        Assert.DoesNotContain(noFallback.Pieces, p => p.Text == "ж");
        Assert.Equal(["▁", "ж"], noFallback.Encode("ж"));
        Assert.Equal([noFallback.PieceToId("▁"), noFallback.UnknownId], noFallback.EncodeIds("ж"));
        var withBytes = BpeTrainer.Train(text, new BpeTrainerOptions { VocabSize = 264, CharacterCoverage = 0.999, ByteFallback = true });
        Assert.Equal(["▁", "<0xD0>", "<0xB6>"], withBytes.Encode("ж"));
        Assert.Equal("ж", withBytes.Decode(withBytes.EncodeIds("ж")));
    }

    [Fact]
    public void DecodingRestoresTheTextExactly()
    {
        var text = SentencePieceInteropTests.Lines("train.txt");
        var keepSpaces = new NormalizerSettings { RemoveExtraWhitespaces = false };
        var model = BpeTrainer.Train(text, new BpeTrainerOptions { VocabSize = 600, ByteFallback = true, Normalizer = keepSpaces });
        string[] probes = [.. SentencePieceInteropTests.Lines("test.txt"), "  leading and trailing  ", "tab\there", "emoji 😀 and 中文"];
        foreach (string line in probes)
        {
            Assert.Equal(line, model.Decode(model.EncodeIds(line)));
            Assert.Equal(line, model.Decode(model.Encode(line)));
        }
        // With sentencepiece's default whitespace rules, runs of spaces fold to one and the ends are trimmed.
        var folding = BpeTrainer.Train(text, new BpeTrainerOptions { VocabSize = 300 });
        Assert.Equal("a b", folding.Decode(folding.EncodeIds("  a   b ")));
    }

    [Fact]
    public void DropoutSplitsMoreAndIsReproducibleWithAGenerator()
    {
        var model = BpeTrainer.Train(SentencePieceInteropTests.Lines("train.txt"), new BpeTrainerOptions { VocabSize = 400 });
        string line = "A young child playing with a ball near the house";
        int plain = model.Encode(line).Length;
        var first = Enumerable.Range(0, 20).Select(_ => model.Encode(line, 0.3, new Generator(5))).ToArray();
        Assert.All(first, pieces => Assert.Equal(first[0], pieces));                       // same seed, same pieces
        var gen = new Generator(5);
        var samples = Enumerable.Range(0, 200).Select(_ => model.Encode(line, 0.3, gen)).ToArray();
        Assert.True(samples.Select(s => string.Join(' ', s)).Distinct().Count() > 10);      // different draws differ
        Assert.All(samples, s => Assert.Equal(line, model.Decode(s)));                       // and all decode back
        Assert.True(samples.Average(s => s.Length) > plain);
        Assert.Equal(model.Encode(line), model.Encode(line, 0, null));
    }
}
