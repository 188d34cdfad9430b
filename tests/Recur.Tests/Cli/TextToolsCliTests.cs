using System.Text.Json;

namespace Recur.Tests.Cli;

/// <summary><c>recur bpe</c>, <c>recur bleu</c> and <c>recur chrf</c> run in-process: their output, and one-line errors for bad input.</summary>
public sealed class TextToolsCliTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-text-tests-").FullName;
    static readonly string SacreBleu = Path.Combine(AppContext.BaseDirectory, "Fixtures", "sacrebleu");
    static readonly string Bpe = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bpe");

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { }
    }

    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    static void AssertOneLineError((int Code, string Out, string Err) result, params string[] fragments)
    {
        Assert.Equal(1, result.Code);
        var lines = result.Err.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var f in fragments) Assert.Contains(f, lines[0]);
    }

    string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static string Case(string file) => Path.Combine(SacreBleu, file);

    static JsonElement Expected(string caseName, string metric, string options) =>
        File.ReadLines(Case("expected.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("case").GetString() == caseName && e.GetProperty("metric").GetString() == metric
                         && e.GetProperty("options").GetRawText() == options);

    [Fact]
    public void BleuAndChrFPrintSacreBleusLines()
    {
        var (code, output, err) = Run("bleu", "--ref", Case("case2.ref0"), "--hyp", Case("case2.hyp"));
        Assert.True(code == 0, err);
        Assert.Equal(Expected("case2", "bleu", "{}").GetProperty("line").GetString() + "\n", output);

        (code, output, err) = Run("chrf", "-r", Case("case8.ref0"), "-r", Case("case8.ref1"), "-r", Case("case8.ref2"), "--word-order", "2", "--hyp", Case("case8.hyp"), "--json");
        Assert.True(code == 0, err);
        var expected = Expected("case8", "chrf", "{\"word_order\": 2}");
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("chrF2++", json.GetProperty("name").GetString());
        Assert.Equal(expected.GetProperty("signature").GetString(), json.GetProperty("signature").GetString());
        Assert.Equal(expected.GetProperty("score").GetDouble(), json.GetProperty("full_score").GetDouble());
        Assert.Equal(Math.Round(expected.GetProperty("score").GetDouble(), 2), json.GetProperty("score").GetDouble());

        (code, output, _) = Run("bleu", "--ref", Case("case1.ref0"), "--hyp", Case("case1.hyp"), "--smooth", "floor", "--json");
        Assert.Equal(0, code);
        Assert.Equal(Expected("case1", "bleu", "{\"smooth_method\": \"floor\"}").GetProperty("signature").GetString(),
            JsonDocument.Parse(output).RootElement.GetProperty("signature").GetString());
    }

    [Fact]
    public void MetricBadInputNamesTheFileAndLine()
    {
        string hyp = Write("hyp.txt", "one line\ntwo lines\nthree\n"u8.ToArray());
        string shortRef = Write("short.txt", "one line\ntwo lines\n"u8.ToArray());
        AssertOneLineError(Run("bleu", "--ref", shortRef, "--hyp", hyp), shortRef, "2 lines", "line 3 of " + hyp);
        string longRef = Write("long.txt", "a\nb\nc\nd\n"u8.ToArray());
        AssertOneLineError(Run("chrf", "--ref", longRef, "--hyp", hyp), longRef, "line 4 of " + longRef, "no hypothesis");
        string empty = Write("empty.txt", []);
        AssertOneLineError(Run("bleu", "--ref", empty, "--hyp", hyp), empty, "empty");
        AssertOneLineError(Run("chrf", "--ref", hyp, "--hyp", empty), empty, "empty");
        string latin1 = Write("latin1.txt", [.. "ok\nok\ncaf"u8, 0xE9, (byte)'\n']);
        AssertOneLineError(Run("bleu", "--ref", latin1, "--hyp", hyp), $"{latin1}:3:", "not valid UTF-8", "0xE9");
        string binary = Write("binary.bin", [(byte)'a', (byte)'\n', 0x7F, (byte)'E', 0, 1]);
        AssertOneLineError(Run("chrf", "--ref", hyp, "--hyp", binary), binary, "NUL");
        string missing = Path.Combine(root, "missing.txt");
        AssertOneLineError(Run("bleu", "--ref", missing, "--hyp", hyp), missing, "no such file");
        AssertOneLineError(Run("bleu", "--ref", hyp, "--hyp", hyp, "--smooth-value", "-1"), "--smooth-value");
    }

    [Fact]
    public void BpeTrainEncodeDecodeRoundTrip()
    {
        string model = Path.Combine(root, "m.model");
        var (code, output, err) = Run("bpe", "train", "--text", Path.Combine(Bpe, "train.txt"), "--vocab-size", "400", "--out", model);
        Assert.True(code == 0, err);
        Assert.Contains("400 pieces", output);
        string text = Write("probe.txt", "A young child playing near the house.\n\nTwo dogs running\n"u8.ToArray());
        (code, output, err) = Run("bpe", "encode", "--model", model, "--input", text);
        Assert.True(code == 0, err);
        var library = Recur.Subwords.BpeModel.Load(model);
        Assert.Equal(string.Join("", File.ReadAllLines(text).Select(l => string.Join(' ', library.Encode(l)) + "\n")), output);
        string pieces = Write("pieces.txt", System.Text.Encoding.UTF8.GetBytes(output));
        (code, output, _) = Run("bpe", "decode", "--model", model, "--input", pieces);
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(text), output);
        (code, output, _) = Run("bpe", "encode", "--model", model, "--input", text, "--output-format", "id");
        string ids = Write("ids.txt", System.Text.Encoding.UTF8.GetBytes(output));
        (code, output, _) = Run("bpe", "decode", "--model", model, "--input", ids, "--input-format", "id");
        Assert.Equal(File.ReadAllText(text), output);
    }

    [Fact]
    public void BpeEncodeOfAnSpmModelPrintsWhatSpmEncodePrinted()
    {
        var (code, output, err) = Run("bpe", "encode", "--model", Path.Combine(Bpe, "spm_bpe.model"), "--input", Path.Combine(Bpe, "test.txt"));
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(Bpe, "spm_bpe.pieces")), output);
    }

    [Fact]
    public void BpeBadInputNamesTheFile()
    {
        string good = File.ReadAllBytes(Path.Combine(Bpe, "spm_bpe.model")) is var bytes ? Write("good.model", bytes) : "";
        string truncated = Write("truncated.model", bytes[..(bytes.Length / 2)]);
        AssertOneLineError(Run("bpe", "encode", "--model", truncated), truncated, "not a sentencepiece model");
        string garbage = Write("garbage.model", [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11))]);
        AssertOneLineError(Run("bpe", "decode", "--model", garbage), garbage, "sentencepiece");
        string emptyModel = Write("empty.model", []);
        AssertOneLineError(Run("bpe", "encode", "--model", emptyModel), emptyModel, "empty");
        string textModel = Write("text.model", "this is not a model\n"u8.ToArray());
        AssertOneLineError(Run("bpe", "encode", "--model", textModel), textModel);
        AssertOneLineError(Run("bpe", "encode", "--model", Path.Combine(root, "none.model")), "none.model", "no such file");

        string ids = Write("ids.txt", "5 6\n7 99999\n"u8.ToArray());
        AssertOneLineError(Run("bpe", "decode", "--model", good, "--input", ids, "--input-format", "id"), ids, "line 2", "99999");
        string latin1 = Write("latin1.txt", [.. "fine\n"u8, 0xFF, (byte)'\n']);
        AssertOneLineError(Run("bpe", "encode", "--model", good, "--input", latin1), $"{latin1}:2:", "not valid UTF-8");

        string emptyText = Write("empty.txt", []);
        string out1 = Path.Combine(root, "never.model");
        AssertOneLineError(Run("bpe", "train", "--text", emptyText, "--vocab-size", "100", "--out", out1), emptyText, "empty");
        AssertOneLineError(Run("bpe", "train", "--text", Path.Combine(Bpe, "train.txt"), "--vocab-size", "20", "--out", out1), "--vocab-size 20", "smaller than");
        AssertOneLineError(Run("bpe", "train", "--text", Path.Combine(Bpe, "train.txt"), "--vocab-size", "100", "--out", out1, "--character-coverage", "2"), "--character-coverage 2");
        Assert.False(File.Exists(out1));
    }

    [Fact]
    public void BpeInfoCountsThePiecesOfAnSpmModel()
    {
        // spm_export_vocab lists 600 pieces for this model: <unk>, <s>, </s>, the 256 byte pieces and 341 merges or characters.
        var (code, output, err) = Run("bpe", "info", "--model", Path.Combine(Bpe, "spm_bpe_bytes.model"), "--json");
        Assert.True(code == 0, err);
        var json = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal(600, json.GetProperty("vocab_size").GetInt32());
        Assert.Equal(256, json.GetProperty("pieces").GetProperty("byte").GetInt32());
        Assert.Equal(341, json.GetProperty("pieces").GetProperty("normal").GetInt32());
        Assert.True(json.GetProperty("byte_fallback").GetBoolean());
        Assert.Equal("nmt_nfkc", json.GetProperty("normalizer").GetString());
    }
}
