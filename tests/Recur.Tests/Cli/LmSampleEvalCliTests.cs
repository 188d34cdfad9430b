using System.Text.Json;
using Recur.Cli.Commands.Lm;
using Recur.Decoding;
using Recur.LanguageModels;

namespace Recur.Tests.Cli;

public class LmSampleEvalCliTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    string Model => fixture.Model;

    [Fact]
    public void SampleIsReproducibleForASeedAndStartsWithThePrime()
    {
        string[] args = ["lm", "sample", "--model", Model, "--length", "60", "--prime", "def ", "--temperature", "0.9", "--top-k", "10", "--top-p", "0.95", "--seed", "3"];
        var first = LmCliFixture.Run(args);
        var second = LmCliFixture.Run(args);
        Assert.Equal(0, first.Code);
        Assert.StartsWith("def ", first.Out);
        Assert.Equal(4 + 60 + 1, first.Out.Length); // prime, generated characters, final line break
        Assert.Equal(first.Out, second.Out);
        var other = LmCliFixture.Run([.. args[..^1], "4"]);
        Assert.NotEqual(first.Out, other.Out);
    }

    [Fact]
    public void GreedySampleMatchesArgmaxDecoding()
    {
        var (code, output, _) = LmCliFixture.Run("lm", "sample", "--model", Model, "--length", "20", "--prime", "x", "--greedy");
        Assert.Equal(0, code);
        var (lm, vocabulary, _) = Checkpoint.LoadModel(Model);
        string expected = CharLmSampler.Generate(lm, vocabulary, "x", 20, new SamplingOptions(Greedy: true), new Generator(99));
        Assert.Equal("x" + expected + "\n", output);
    }

    [Fact]
    public void MinPRestrictsTheSampleAndOutOfRangeIsRefused()
    {
        // Min-p 1 keeps only the most likely character: the same text as greedy decoding.
        var greedy = LmCliFixture.Run("lm", "sample", "--model", Model, "--length", "30", "--prime", "x", "--greedy");
        var minP = LmCliFixture.Run("lm", "sample", "--model", Model, "--length", "30", "--prime", "x", "--min-p", "1", "--seed", "5");
        Assert.Equal(0, minP.Code);
        Assert.Equal(greedy.Out, minP.Out);
        var (code, _, err) = LmCliFixture.Run("lm", "sample", "--model", Model, "--min-p", "1.5");
        Assert.Equal(1, code);
        Assert.Equal("error: --min-p 1.5: must lie in [0, 1]", err.Trim());
    }

    [Fact]
    public void UnknownPrimeCharactersAreNamed()
    {
        var (code, _, err) = LmCliFixture.Run("lm", "sample", "--model", Model, "--prime", "déf☃");
        Assert.Equal(1, code);
        Assert.Equal("error: --prime: the model never saw 2 characters: 'é', '☃' (model " + Model + ")", err.Trim());
    }

    [Fact]
    public void EvalJsonAgreesWithTheLibraryAndTheUnitIdentities()
    {
        var (code, output, _) = LmCliFixture.Run("lm", "eval", "--model", Model, "--text", fixture.TextPath, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        double loss = json.RootElement.GetProperty("loss").GetDouble();
        Assert.Equal(loss / Math.Log(2), json.RootElement.GetProperty("bpc").GetDouble(), 12);
        Assert.Equal(Math.Exp(loss), json.RootElement.GetProperty("perplexity").GetDouble(), 9);
        var (lm, vocabulary, _) = Checkpoint.LoadModel(Model);
        var score = CharLmEvaluation.Evaluate(lm, vocabulary.Encode(File.ReadAllText(fixture.TextPath)));
        Assert.Equal(score.Nats, loss, 12);
        Assert.Equal(score.Chars, json.RootElement.GetProperty("chars").GetInt64());
    }

    [Fact]
    public void EvalScoresEveryCharacterAfterTheFirst()
    {
        var (code, output, _) = LmCliFixture.Run("lm", "eval", "--model", Model, "--text", fixture.TextPath, "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(File.ReadAllText(fixture.TextPath).Length - 1, json.RootElement.GetProperty("chars").GetInt64());
    }

    [Fact]
    public void EvalWithUnknownSkipCountsAndLeavesOutUnseenCharacters()
    {
        string known = File.ReadAllText(fixture.TextPath)[..600];
        string text = fixture.PathOf("with-unseen.txt");
        File.WriteAllText(text, known[..300] + "ß☃ß" + known[300..]);
        var (code, output, err) = LmCliFixture.Run("lm", "eval", "--model", Model, "--text", text, "--unknown", "skip", "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(3, json.RootElement.GetProperty("skipped").GetInt32());
        Assert.Equal(599, json.RootElement.GetProperty("chars").GetInt64());
        // Skipping leaves exactly the known text to score.
        string plain = fixture.PathOf("known.txt");
        File.WriteAllText(plain, known);
        using var reference = JsonDocument.Parse(LmCliFixture.Run("lm", "eval", "--model", Model, "--text", plain, "--json").Out);
        Assert.Equal(reference.RootElement.GetProperty("loss").GetDouble(), json.RootElement.GetProperty("loss").GetDouble(), 12);
        Assert.Equal(0, reference.RootElement.GetProperty("skipped").GetInt32());

        (code, output, _) = LmCliFixture.Run("lm", "eval", "--model", Model, "--text", text, "--unknown", "skip");
        Assert.Contains("skipped 3 (the model never saw 2 characters: 'ß', '☃')", output);
        (code, _, err) = LmCliFixture.Run("lm", "eval", "--model", Model, "--text", text);
        Assert.Equal(1, code);
        Assert.Contains("pass --unknown skip", err);
    }

    [Fact]
    public void InspectReportsEveryFeatureAndWritesHtml()
    {
        string html = fixture.PathOf("inspect.html");
        string png = fixture.PathOf("inspect.png");
        var (code, output, err) = LmCliFixture.Run("lm", "inspect", "--model", Model, "--text", fixture.TextPath, "--chars", "800", "--html", html, "--png", png);
        Assert.True(code == 0, err);
        Assert.Contains("inside-quotes", output);
        Assert.Contains("bracket-depth", output);
        Assert.Contains("line-position", output);
        Assert.Contains("<span style=\"background:", File.ReadAllText(html));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void InspectSkipsCharactersTheModelNeverSawWithANote()
    {
        string text = fixture.PathOf("unseen-inspect.txt");
        File.WriteAllText(text, File.ReadAllText(fixture.TextPath)[..400] + "ß€");
        string html = fixture.PathOf("inspect-unseen.html");
        var (code, output, err) = LmCliFixture.Run("lm", "inspect", "--model", Model, "--text", text, "--html", html);
        Assert.True(code == 0, err);
        Assert.Contains("never saw 2 characters: 'ß', '€'; they are left out", err);
        Assert.Contains("line-position", output);
        Assert.DoesNotContain("ß", File.ReadAllText(html));
    }

    [Fact]
    public void InspectWritesNothingUnlessAsked()
    {
        string dir = fixture.TrainTiny(fixture.PathOf("inspect-quiet"), steps: 1);
        var before = LmCliFixture.Snapshot(dir);
        var (code, output, err) = LmCliFixture.Run("lm", "inspect", "--model", dir, "--text", fixture.TextPath, "--chars", "300");
        Assert.True(code == 0, err);
        Assert.Contains("bracket-depth", output);
        Assert.DoesNotContain("wrote", output);
        LmCliFixture.AssertUnchanged(before, dir);
    }

    [Fact]
    public void InspectOfATextWithoutQuotesSaysSoAndRendersTheBestCorrelatedFeature()
    {
        string text = fixture.PathOf("no-quotes.txt");
        File.WriteAllText(text, File.ReadAllText(fixture.TextPath)[..800].Replace("\"", ""));
        string png = fixture.PathOf("no-quotes.png");
        var (code, output, err) = LmCliFixture.Run("lm", "inspect", "--model", Model, "--text", text, "--png", png);
        Assert.True(code == 0, err);
        Assert.Contains("inside-quotes  never varies in this text", output);
        Assert.Contains("note: inside-quotes never varies in " + text + "; rendering ", output);
        Assert.DoesNotContain("r = +0.000", output);
        var wrote = output.Split('\n').Single(l => l.StartsWith("wrote "));
        Assert.Matches(@"^wrote .*no-quotes\.png: unit \d+ \(layer 1 (hidden|cell) \d+\), (bracket-depth|line-position) r = [+-]0\.\d{3}$", wrote);
    }

    [Fact]
    public void InspectPngHasATitleAndAColourScaleAboveTheText()
    {
        string png = fixture.PathOf("scale.png");
        var (code, _, err) = LmCliFixture.Run("lm", "inspect", "--model", Model, "--text", fixture.TextPath, "--chars", "200", "--png", png);
        Assert.True(code == 0, err);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        // The title: dark text pixels in the first band.
        bool dark = false;
        for (int x = 8; x < 400 && !dark; x++)
            for (int y = 8; y < 28 && !dark; y++)
                dark = bitmap.GetPixel(x, y) is { Red: < 100, Green: < 100, Blue: < 100 };
        Assert.True(dark, "no title text");
        // The scale (8 px margin + 22 px title, 12 px high, 300 px wide): blue at −max, white at 0, red at +max.
        var left = bitmap.GetPixel(10, 36);
        var middle = bitmap.GetPixel(8 + 150, 36);
        var right = bitmap.GetPixel(8 + 297, 36);
        Assert.True(left.Blue > 200 && left.Red < 80, $"left end {left}");
        Assert.True(middle.Red > 240 && middle.Green > 240 && middle.Blue > 240, $"middle {middle}");
        Assert.True(right.Red > 200 && right.Blue < 80, $"right end {right}");
    }
}
