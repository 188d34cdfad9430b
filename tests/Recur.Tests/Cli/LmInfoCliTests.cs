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
}
