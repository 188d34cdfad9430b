using Recur.Tests.Embeddings;

namespace Recur.Tests.Cli;

public sealed class EmbedCliTests : IDisposable
{
    readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("recur-embed-cli-");

    public void Dispose() => temp.Delete(recursive: true);

    string TempFile(string name) => Path.Combine(temp.FullName, name);

    string Corpus()
    {
        string path = TempFile("corpus.txt");
        File.WriteAllLines(path, PlantedCorpus.Lines(sentences: 800));
        return path;
    }

    [Theory]
    [InlineData("skipgram", "vectors.vec")]
    [InlineData("cbow", "vectors.bin")]
    [InlineData("fasttext", "vectors.vec")]
    [InlineData("glove", "vectors.vec")]
    public void Train_then_neighbours_analogy_and_eval(string method, string name)
    {
        string corpus = Corpus(), vectors = TempFile(name);
        var train = CliRunner.Run("embed", "train", "--method", method, "--text", corpus, "--out", vectors,
            "--dim", "16", "--min-count", "1", "--sample", "0", "--bucket", "5000", "--threads", "2");
        Assert.True(train.Code == 0, train.Err);
        Assert.Contains("40 vectors of dimension 16", train.Out);
        Assert.Contains(method == "glove" ? "pairs/s/thread" : "words/s/thread", train.Out);

        var near = CliRunner.Run("embed", "neighbors", "--vectors", vectors, "--k", "4", "ccw2");
        Assert.True(near.Code == 0, near.Err);
        var found = near.Out.Trim()[(near.Out.IndexOf(':') + 1)..].Split("  ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, found.Length);
        Assert.All(found, f => Assert.StartsWith("ccw", f.Trim()));

        var query = CliRunner.Run("embed", "analogy", "--vectors", vectors, "aaw1 - aaw2 + bbw1");
        Assert.True(query.Code == 0, query.Err);
        Assert.StartsWith("aaw1 - aaw2 + bbw1 ≈ bbw", query.Out);

        string questions = TempFile("questions.txt"), pairs = TempFile("pairs.txt");
        File.WriteAllLines(questions, [": planted", "aaw1 aaw2 bbw1 bbw2", "aaw1 aaw2 bbw1 nowhere"]);
        File.WriteAllLines(pairs, ["aaw1\taaw2\t9", "aaw1\tbbw1\t1", "ccw1 ccw4 8", "ddw0 hhw1 2", "aaw1 unknown 3"]);
        var eval = CliRunner.Run("embed", "eval", "--vectors", vectors, "--analogy", questions, "--similarity", pairs, "--json");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Contains("\"questions\":2,\"answered\":1", eval.Out);
        Assert.Contains("\"pairs\":5,\"found\":4", eval.Out);
    }

    [Fact]
    public void Eval_prints_a_table_by_default()
    {
        string vectors = TempFile("v.vec");
        File.WriteAllText(vectors, "3 2\nman 0 1\nwoman 0 -1\nking 1 1\n");
        string pairs = TempFile("sim.txt");
        File.WriteAllLines(pairs, ["man woman 1", "man king 5", "king woman 2"]);
        var eval = CliRunner.Run("embed", "eval", "--vectors", vectors, "--similarity", pairs);
        Assert.True(eval.Code == 0, eval.Err);
        // cos: man–woman −1, man–king .707, king–woman −.707: ranks agree with 1, 5, 2 → ρ = 1.
        Assert.Contains("similarity sim                    ρ  1.0000  (3/3 pairs, 100.0%)", eval.Out);
    }

    [Fact]
    public void Bias_reports_before_and_after_and_writes_debiased_vectors()
    {
        // Axis 0 is gender; the occupations lean by construction: nurse +0.6, engineer −0.8.
        string vectors = TempFile("g.vec"), debiased = TempFile("debiased.vec"), png = TempFile("words.png");
        File.WriteAllText(vectors, "7 3\nshe 1 1 0\nhe -1 1 0\nwoman 1 0 1\nman -1 0 1\nnurse 0.6 0.8 0\nengineer -0.8 0 0.6\nmath 0 1 1\n");
        var bias = CliRunner.Run("embed", "bias", "--vectors", vectors, "--debiased-out", debiased, "--json");
        Assert.True(bias.Code == 0, bias.Err);
        Assert.Contains("\"pairs_used\":2,\"variance_share\":1", bias.Out);
        Assert.Contains("\"direct_bias\":{\"before\":0.7", bias.Out);
        Assert.Contains("\"after\":0,\"words\":2}", bias.Out);
        var after = Recur.Embeddings.Formats.WordVectorsFile.Load(debiased);
        Assert.Equal(0, after.Vector(after.IndexOf("nurse"))[0], 6);
        var text = CliRunner.Run("embed", "bias", "--vectors", vectors);
        Assert.Contains("direct bias over 2 of 50 neutral words: 0.7000 before, 0.0000 after", text.Out);

        var plot = CliRunner.Run("embed", "plot", "--vectors", vectors, "--out", png, "she", "he", "nurse", "unknown");
        Assert.True(plot.Code == 0, plot.Err);
        Assert.Contains("3 words (1 without vectors: unknown)", plot.Out);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void Bad_inputs_are_one_line_errors_and_write_nothing()
    {
        string empty = TempFile("empty.txt"), latin = TempFile("latin.txt"), few = TempFile("few.txt"), output = TempFile("out.vec");
        File.WriteAllText(empty, "");
        File.WriteAllBytes(latin, [.. "na"u8, 0xEF, .. "ve caf"u8, 0xE9, (byte)'\n']);
        File.WriteAllText(few, "a b c\n");
        AssertError(["embed", "train", "--text", empty, "--out", output], $"error: {empty}: the file is empty");
        AssertError(["embed", "train", "--text", latin, "--out", output], $"error: {latin}:1:3: not valid UTF-8 (byte 0xEF at offset 2)");
        AssertError(["embed", "train", "--text", few, "--out", output], $"error: {few}: no word occurs at least 5 times");
        AssertError(["embed", "train", "--text", few, "--out", output, "--min-count", "1", "--dim", "0"], "error: --dim 0: must be at least 1");
        AssertError(["embed", "train", "--text", few, "--out", output, "--min-count", "1", "--maxn", "4", "--minn", "5"], "error: --minn: must be between 1 and MaxN");
        AssertError(["embed", "train", "--text", few, "--out", output, "--min-count", "1", "--method", "glove", "--x-max", "0"], "error: --x-max: must be positive");
        string singles = TempFile("singles.txt");
        File.WriteAllText(singles, "a\nb\na\n");
        AssertError(["embed", "train", "--text", singles, "--out", output, "--min-count", "1", "--method", "glove"], $"error: {singles}: no two words co-occur");
        Assert.False(File.Exists(output));
        var latin1 = CliRunner.Run("embed", "train", "--text", latin, "--out", output, "--min-count", "1", "--encoding", "latin1", "--dim", "4");
        Assert.True(latin1.Code == 0, latin1.Err);
        Assert.Contains("naïve", File.ReadAllText(output));

        string vec = TempFile("bad.vec"), bin = TempFile("bad.bin"), questions = TempFile("q.txt");
        File.WriteAllText(vec, "2 3\na 1 2 3\nb 1 2 zz\n");
        File.WriteAllBytes(bin, [.. "2 3\na "u8, 0, 0, 0, 0]);
        File.WriteAllText(questions, ": s\na b c\n");
        AssertError(["embed", "neighbors", "--vectors", vec, "a"], $"error: {vec}:3: 'zz' (value 3 of 'b') is not a number");
        AssertError(["embed", "neighbors", "--vectors", bin, "a"], $"error: {bin}: header promises 2 vectors of 3 dimensions (at least 26 bytes), but the file has 6 bytes after the header");
        AssertError(["embed", "eval", "--vectors", output, "--analogy", questions], $"error: {questions}:2: expected four words (A B C D), found 3");
        AssertError(["embed", "neighbors", "--vectors", output, "dragon"], $"error: {output}: 'dragon' is not in the vocabulary");
    }

    [Fact]
    public void A_fasttext_model_answers_unseen_words_from_ngrams()
    {
        string model = Path.Combine("Fixtures", "Embeddings", "fasttext_model.bin");
        var near = CliRunner.Run("embed", "neighbors", "--vectors", model, "--k", "3", "cats", "cat");
        Assert.True(near.Code == 0, near.Err);
        Assert.StartsWith("cats (from n-grams): ", near.Out);
        Assert.Contains("\ncat: ", near.Out);
        var query = CliRunner.Run("embed", "analogy", "--vectors", model, "cats - cat + dog");
        Assert.True(query.Code == 0, query.Err);
        var answers = query.Out.Split('≈')[1].Split("  ").Select(a => a.Trim().Split(' ')[0]).ToArray();
        Assert.Equal(5, answers.Length);
        Assert.DoesNotContain("cat", answers);   // the known query words are left out of the answer
        Assert.DoesNotContain("dog", answers);
        var missing = CliRunner.Run("embed", "neighbors", "--vectors", Path.Combine("Fixtures", "Embeddings", "fasttext.vec"), "cats");
        Assert.Equal(1, missing.Code);
        Assert.Contains("'cats' is not in the vocabulary", missing.Err);
    }

    [Fact]
    public void Ctrl_c_stops_training_and_writes_nothing()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        string corpus = Corpus(), output = TempFile("never.vec");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Recur.Cli.dll"), "embed", "train", "--text", corpus, "--out", output,
                     "--min-count", "1", "--epochs", "100000", "--threads", "1" })
            start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        // The corpus line appears once the Ctrl-C handler is in place and training is about to start.
        string? line = process.StandardOutput.ReadLine();
        Assert.StartsWith(corpus, line);
        CtrlC.Send(process);
        string err = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the process did not stop after SIGINT");
        Assert.Equal(130, process.ExitCode);
        Assert.Contains($"{output} not written", err);
        Assert.False(File.Exists(output));
    }

    static void AssertError(string[] args, string start)
    {
        var (code, _, err) = CliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.StartsWith(start, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
    }
}
