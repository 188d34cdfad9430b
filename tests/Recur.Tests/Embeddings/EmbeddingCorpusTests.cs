using Recur.Embeddings.Corpus;
using Recur.IO;

namespace Recur.Tests.Embeddings;

public sealed class EmbeddingCorpusTests : IDisposable
{
    readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("recur-embed-corpus-");

    public void Dispose() => temp.Delete(recursive: true);

    [Fact]
    public void Vocabulary_is_sorted_by_count_then_first_appearance_and_rare_words_are_dropped()
    {
        var corpus = EmbeddingCorpus.FromLines(["b a c a", "  c\tb d  ", "", "a e"], minCount: 2);
        Assert.Equal(["a", "b", "c"], corpus.Words);
        Assert.Equal([3L, 2, 2], corpus.Counts);
        Assert.Equal(3, corpus.SentenceCount); // the empty line is no sentence; "a e" keeps "a"
        Assert.Equal([1, 0, 2, 0], corpus.Sentence(0).ToArray());
        Assert.Equal([2, 1], corpus.Sentence(1).ToArray());
        Assert.Equal([0], corpus.Sentence(2).ToArray());
    }

    [Fact]
    public void Long_lines_are_cut_into_sentences_of_the_maximum_length()
    {
        var corpus = EmbeddingCorpus.FromLines([string.Join(' ', Enumerable.Repeat("w", 2500))], minCount: 1);
        Assert.Equal(3, corpus.SentenceCount);
        Assert.Equal(1000, corpus.Sentence(1).Length);
        Assert.Equal(500, corpus.Sentence(2).Length);
    }

    [Fact]
    public void Too_high_a_min_count_is_a_clear_error()
    {
        string path = Path.Combine(temp.FullName, "few.txt");
        File.WriteAllText(path, "one two two three\n");
        var e = Assert.Throws<InputFileException>(() => EmbeddingCorpus.Read(path, minCount: 5));
        Assert.Equal($"{path}: no word occurs at least 5 times (--min-count 5); the corpus has 3 distinct words, the most frequent seen 2 times", e.Message);
    }

    [Fact]
    public void Latin1_bytes_are_an_error_with_the_offset_unless_the_encoding_says_latin1()
    {
        string path = Path.Combine(temp.FullName, "latin1.txt");
        File.WriteAllBytes(path, [.. "caf"u8, 0xE9, .. " caf"u8, 0xE9, (byte)'\n']);
        var e = Assert.Throws<InputFileException>(() => EmbeddingCorpus.Read(path, minCount: 1));
        Assert.Contains("byte 0xE9 at offset 3", e.Message);
        var corpus = EmbeddingCorpus.Read(path, minCount: 1, CorpusEncoding.Latin1);
        Assert.Equal(["café"], corpus.Words);
        Assert.Equal([2L], corpus.Counts);
    }

    [Fact]
    public void An_empty_or_blank_corpus_is_an_error()
    {
        string empty = Path.Combine(temp.FullName, "empty.txt"), blank = Path.Combine(temp.FullName, "blank.txt");
        File.WriteAllText(empty, "");
        File.WriteAllText(blank, " \n\n\t\n");
        Assert.Equal($"{empty}: the file is empty", Assert.Throws<InputFileException>(() => EmbeddingCorpus.Read(empty, 1)).Message);
        Assert.Equal($"{blank}: the corpus has no words", Assert.Throws<InputFileException>(() => EmbeddingCorpus.Read(blank, 1)).Message);
    }
}
