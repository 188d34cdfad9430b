using Recur.Data;

namespace Recur.Tests.Data;

public class DataPipelineTests
{
    [Fact]
    public void VocabularyPutsSpecialsFirstThenTokensByCountThenOrdinalAndMapsUnknowns()
    {
        var v = TokenVocabulary.Build([["b", "a", "c", "a"], ["c", "a", "d", "<unk>"]], minCount: 2);
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "a", "c"], v.Tokens);
        long unknown = 0;
        Assert.Equal([4, 5, 1, 1], v.Encode(["a", "c", "b", "<unk>"], ref unknown));
        Assert.Equal(1, unknown);   // "b" counts; a literal <unk> does not
        Assert.Equal(["<pad>", "<unk>", "<s>", "</s>", "a"], TokenVocabulary.Build([["b", "a", "c", "a"]], maxSize: 5).Tokens);
        Assert.Throws<ArgumentException>(() => new TokenVocabulary(["a", "<pad>"]));
    }

    [Fact]
    public void EpochShuffleIsAPermutationThatDependsOnlyOnSeedAndEpoch()
    {
        var a = new EpochShuffle(37, seed: 5);
        var b = new EpochShuffle(37, seed: 5);
        var first = a.Order(0).ToArray();
        Assert.Equal(Enumerable.Range(0, 37), first.Order());
        var second = a.Order(1).ToArray();
        Assert.NotEqual(first, second);
        // Asked out of order, another instance gives the same permutations.
        Assert.Equal(second, b.Order(1).ToArray());
        Assert.Equal(first, b.Order(0).ToArray());
        Assert.NotEqual(first, new EpochShuffle(37, seed: 6).Order(0).ToArray());
    }

    [Fact]
    public void BucketedBatchesCoverEveryExampleOnceWithinTheLimitsAndRepeatPerEpoch()
    {
        var g = new Generator(2);
        var lengths = Enumerable.Range(0, 203).Select(_ => 1 + g.NextInt(40)).ToArray();
        var batching = new BucketedBatches(lengths, batchSize: 16, seed: 9, poolBatches: 4, maxTokens: 300);
        var epoch = batching.Epoch(3);
        Assert.Equal(Enumerable.Range(0, 203), epoch.SelectMany(b => b).Order());
        foreach (var batch in epoch)
        {
            Assert.InRange(batch.Length, 1, 16);
            Assert.True(batch.Length == 1 || batch.Length * lengths[batch[0]] <= 300);
            Assert.Equal(batch.Select(i => lengths[i]).OrderDescending(), batch.Select(i => lengths[i]));
        }
        // Bucketing pays: far less padding than the same batch sizes in random order would.
        double padded = epoch.Sum(b => b.Length * lengths[b[0]]), real = lengths.Sum();
        Assert.True(padded / real < 1.3, $"padding ratio {padded / real:F2}");
        Assert.Equal(epoch, new BucketedBatches(lengths, 16, 9, 4, 300).Epoch(3));
        Assert.NotEqual(epoch, batching.Epoch(4));
    }

    [Fact]
    public void PaddedBatchIsTimeMajorWithLengthsAndMask()
    {
        var batch = PaddedBatch.FromSequences([[5, 6, 7], [8]], [10, 11]);
        Assert.Equal((3, 2), (batch.Steps, batch.Batch));
        Assert.Equal([5, 8, 6, 0, 7, 0], batch.Ids);
        Assert.Equal([1f, 1, 1, 0, 1, 0], batch.Mask);
        Assert.Equal([3, 1], batch.Lengths);
        Assert.Equal(4, batch.Tokens);
    }

    [Fact]
    public void ParallelCorpusNamesBothFilesOnAMismatchAndCountsWhatItSkips()
    {
        var e = Assert.Throws<InvalidDataException>(() => ParallelCorpus.FromLines(["a", "b"], ["x"], "train.de", "train.en"));
        Assert.Contains("train.de has 2 lines but train.en has 1", e.Message);
        var corpus = ParallelCorpus.FromLines(["ein hund", "", "zu lang hier ja", "katze"], ["a dog", "empty", "too long", "  "], "s", "t", maxLength: 3);
        Assert.Equal([(["ein", "hund"], 1)], corpus.Pairs.Select(p => (p.Source, p.Line)).ToArray());
        Assert.Equal(2, corpus.EmptySkipped);
        Assert.Equal(1, corpus.TooLongSkipped);
    }

    [Fact]
    public void EachSideCanHaveItsOwnTokeniser()
    {
        // Characters on the target side: "a dog" is 5 tokens, over the limit of 4; "cat" is 3.
        var corpus = ParallelCorpus.FromLines(["ein hund", "katze"], ["a dog", "cat"], "s", "t", maxLength: 4,
            tokenizeTarget: line => line.Select(c => c.ToString()).ToArray());
        Assert.Equal([(["katze"], new[] { "c", "a", "t" })], corpus.Pairs.Select(p => (p.Source, p.Target)).ToArray());
        Assert.Equal(1, corpus.TooLongSkipped);
    }

    [Fact]
    public void ParallelFilesAreReadStrictlyAndMismatchesNameBothFiles()
    {
        string dir = Directory.CreateTempSubdirectory("recur-parallel-").FullName;
        try
        {
            string de = Path.Combine(dir, "train.de"), en = Path.Combine(dir, "train.en"), latin1 = Path.Combine(dir, "bad.en");
            File.WriteAllText(de, "ein hund\nzwei katzen\n");
            File.WriteAllText(en, "a dog\ntwo cats\nthree birds\n");
            var e = Assert.Throws<InvalidDataException>(() => ParallelCorpus.Read(de, en));
            Assert.Contains($"{de} has 2 lines but {en} has 3", e.Message);
            File.WriteAllBytes(latin1, [(byte)'a', (byte)'\n', (byte)'c', 0xE9, (byte)'\n']);
            var bad = Assert.Throws<Recur.IO.InputFileException>(() => ParallelCorpus.Read(de, latin1));
            Assert.Contains(latin1, bad.Message);
            Assert.Equal(2, bad.Line);
            File.WriteAllText(en, "a dog\ntwo cats\n");
            Assert.Equal(2, ParallelCorpus.Read(de, en).Pairs.Count);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
