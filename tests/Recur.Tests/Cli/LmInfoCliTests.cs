using System.Text.Json;

namespace Recur.Tests.Cli;

public class LmInfoCliTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    [Fact]
    public void InfoDescribesSettingsParametersProgressMetricsAndFiles()
    {
        var (code, output, err) = LmCliFixture.Run("lm", "info", "--model", fixture.Model);
        Assert.True(code == 0, err);
        Assert.Contains("lstm 1×16, embedding 8", output);
        Assert.Contains("3 steps", output);
        Assert.Contains("budget 3 steps (reached)", output);
        Assert.Contains("best", output);
        Assert.Contains("model.safetensors", output);

        (code, output, err) = LmCliFixture.Run("lm", "info", "--model", fixture.Model, "--json");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        // Embedding 8·V + LSTM (4·16·8 + 4·16·16 + 2·4·16) + head (16·V + V).
        int v = json.GetProperty("vocabulary_size").GetInt32();
        Assert.Equal(8 * v + (512 + 1024 + 128) + 17 * v, json.GetProperty("parameters").GetInt64());
        Assert.Equal(3, json.GetProperty("step").GetInt32());
        Assert.True(json.GetProperty("finished").GetBoolean());
        Assert.True(json.GetProperty("last").GetProperty("loss").GetDouble() > 0);
        Assert.True(json.GetProperty("files").GetProperty("model.safetensors").GetInt64() > 0);
    }

    [Fact]
    public void ATiedModelCountsItsSharedMatrixOnce()
    {
        string dir = fixture.PathOf("tied");
        var (code, output, err) = LmCliFixture.Run("lm", "train", "--text", fixture.TextPath, "--out", dir, "--steps", "2", "--cell", "nplm", "--context", "3",
            "--layers", "1", "--hidden", "8", "--embedding", "8", "--tie", "true", "--batch-size", "4", "--seq-length", "16", "--sample-length", "0");
        Assert.True(code == 0, err);
        (code, output, err) = LmCliFixture.Run("lm", "info", "--model", dir, "--json");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(output).RootElement;
        // Embedding 8·V shared with the head, the window layer (3·8·8 + 8) and the head's bias V.
        int v = json.GetProperty("vocabulary_size").GetInt32();
        Assert.Equal(8 * v + (192 + 8) + v, json.GetProperty("parameters").GetInt64());
        (code, output, err) = LmCliFixture.Run("lm", "info", "--model", dir);
        Assert.True(code == 0, err);
        Assert.Contains("nplm 1×8 reading 3 tokens, embedding 8, tied", output);
    }

    [Fact]
    public void AFileGivenAsTheModelDirectoryIsNamedWithItsDirectory()
    {
        string file = Path.Combine(fixture.Model, "model.safetensors");
        foreach (var command in new[] { "info", "sample" })
        {
            var (code, _, err) = LmCliFixture.Run("lm", command, "--model", file);
            Assert.Equal(1, code);
            Assert.StartsWith($"error: {file}: is a file; expected a model directory", err);
            Assert.Contains(Path.GetFullPath(fixture.Model), err);
        }
    }

    [Fact]
    public void NGramInfoDescribesArpaAndBinaryModelsAlike()
    {
        var counter = new Recur.NGram.NGramCounter(3);
        counter.AddText(new StringReader("a b c\na b d\nb c a\n"));
        var model = Recur.NGram.NGramEstimator.Estimate(counter.ToCounts(), new Recur.NGram.KneserNeySmoothing([Recur.NGram.KneserNeyDiscount.Fallback]));
        string arpa = fixture.PathOf("info.arpa"), binary = fixture.PathOf("info.bin");
        Recur.NGram.ArpaWriter.Write(model, arpa);
        Recur.NGram.NGramBinaryWriter.Write(model, binary);
        var rows = new List<JsonElement>();
        foreach (var (file, format) in new[] { (arpa, "arpa"), (binary, "binary") })
        {
            var (code, output, err) = CliRunner.Run("ngram", "info", "--model", file, "--json");
            Assert.True(code == 0, err);
            var json = JsonDocument.Parse(output).RootElement;
            Assert.Equal(format, json.GetProperty("format").GetString());
            Assert.Equal(3, json.GetProperty("order").GetInt32());
            Assert.Equal(7, json.GetProperty("vocabulary").GetInt32());   // a b c d + <unk> <s> </s>
            rows.Add(json.GetProperty("ngrams"));
        }
        Assert.Equal(rows[0].ToString(), rows[1].ToString());
        // The counts are the ARPA header's "ngram n=count" lines.
        var header = File.ReadLines(arpa).Where(l => l.StartsWith("ngram ", StringComparison.Ordinal)).Select(l => int.Parse(l[(l.IndexOf('=') + 1)..])).ToArray();
        Assert.Equal(header, rows[0].EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(7, header[0]);   // a b c d, <unk>, <s>, </s>
    }
}
