using CsCheck;

namespace Recur.Tests.Fuzzing;

/// <summary>
/// A short, seeded fuzz of every reader of user files: CsCheck generates 1–4 mutations of a seed file from a fixed
/// PCG state (RECUR_FUZZ_ITERATIONS inputs per reader, 300 by default). Allowed outcomes: a parse, or the reader's documented error naming the file. The long
/// run is `dotnet run -c Release --project bench/Recur.Bench -- fuzz`.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("recur-fuzz-");

    public void Dispose() => dir.Delete(recursive: true);

    static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Enum<MutationKind>(), Gen.Int[0, int.MaxValue], Gen.Long[0, long.MaxValue], (k, p, v) => new Mutation(k, p, v));

    public static TheoryData<string> Names() => new() { "arpa", "ngram-binary", "safetensors", "text", "char-vocabulary", "checkpoint", "sentencepiece", "word2vec-text", "word2vec-binary", "fasttext-model", "wav", "speech-manifest" };

    [Theory]
    [MemberData(nameof(Names))]
    public void MutatedSeedFilesParseOrFailWithTheReadersOwnError(string name)
    {
        var target = FuzzTargets.Create(Path.Combine(AppContext.BaseDirectory, "Fixtures"), dir.FullName).Single(t => t.Name == name);
        string input = Path.Combine(dir.FullName, "input");
        foreach (var seed in target.Seeds)
            Assert.Equal(FuzzVerdict.Parsed, FuzzHarness.Run(target, seed, input, TimeSpan.FromSeconds(10)).Verdict);
        // CsCheck's Sample seeds all but its first iteration from the clock; a fixed PCG keeps the run reproducible.
        var gen = Gen.Select(Gen.Int[0, target.Seeds.Count - 1], OneMutation.Array[1, 4]);
        var pcg = new PCG(stream: 1, seed: 20261201);
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("RECUR_FUZZ_ITERATIONS"), out int n) ? n : 300;
        for (int i = 0; i < iterations; i++)
        {
            var (seed, mutations) = gen.Generate(pcg, null, out _);
            var result = FuzzHarness.Run(target, target.Mutate(seed, mutations), input, TimeSpan.FromSeconds(10));
            Assert.True(result.Allowed, $"{name} input {i}, seed file {seed}, mutations [{string.Join(", ", mutations)}]: {result}");
        }
    }

    FuzzResult RunOn(string name, byte[] input)
    {
        var target = FuzzTargets.Create(Path.Combine(AppContext.BaseDirectory, "Fixtures"), dir.FullName).Single(t => t.Name == name);
        return FuzzHarness.Run(target, input, Path.Combine(dir.FullName, "case"), TimeSpan.FromSeconds(10));
    }

    static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    [Fact]
    public void AimedSizeFieldEditsLandOnTheWavHeaderFields()
    {
        var wav = FuzzTargets.Create(Path.Combine(AppContext.BaseDirectory, "Fixtures"), dir.FullName).Single(t => t.Name == "wav");
        var written = wav.Seeds[^1];
        Assert.Equal(new[] { (4, 4), (16, 4), (20, 2), (22, 2), (24, 4), (28, 4), (32, 2), (34, 2), (40, 4) }, wav.Fields!(written));
        // Field 3 (channels, 2 bytes) gets boundary value 2 (−1) at its own width; bit 6 clear aims the edit.
        var edited = wav.Mutate(wav.Seeds.Count - 1, [new Mutation(MutationKind.SizeField, 3, 2)]);
        Assert.Equal(written[..22], edited[..22]);
        Assert.Equal(new byte[] { 0xFF, 0xFF }, edited[22..24]);
        Assert.Equal(written[24..], edited[24..]);
    }

    // The crashes the fuzzer found, each kept as a regression test.

    [Fact]
    public void ArpaCountsReserveNoMoreThanTheFileCanHold()
    {
        // Found: the header's count reserved 8.6 GB for a 3 KB file before a line was read.
        var result = RunOn("arpa", Utf8("\\data\\\nngram 1=2000000000\n\n\\1-grams:\n-1\t<s>\n\\end\\\n"));
        Assert.Equal(FuzzVerdict.Refused, result.Verdict);
        Assert.Contains("promises 2000000000 1-grams but the section has 1", result.Exception!.Message);
        Assert.True(result.Allocated < 1 << 20, $"{result.Allocated:N0} bytes");
    }

    [Fact]
    public void ArpaWithMoreOrdersThanSupportedIsRefused()
    {
        var header = string.Concat(Enumerable.Range(1, 100_000).Select(n => $"ngram {n}=0\n"));
        var result = RunOn("arpa", Utf8("\\data\\\n" + header + "\n\\1-grams:\n\\end\\\n"));
        Assert.Equal(FuzzVerdict.Refused, result.Verdict);
        Assert.Contains("at most 64 are supported", result.Exception!.Message);
    }

    [Fact]
    public void SafetensorsHeaderThatIsNotUtf8IsAFormatError()
    {
        // Found: invalid UTF-8 in a tensor name surfaced as InvalidOperationException from the JSON reader.
        byte[] json = [.. Utf8("{\"w"), 0xFF, .. Utf8("\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}")];
        var result = RunOn("safetensors", [.. BitConverter.GetBytes((ulong)json.Length), .. json, 0, 0, 0, 0]);
        Assert.Equal(FuzzVerdict.Refused, result.Verdict);
        Assert.Contains("the header is not valid UTF-8", result.Exception!.Message);
    }

    [Fact]
    public void SafetensorsJsonErrorQuotingALineBreakStaysOneLine()
    {
        // Found: the JSON parser's message quotes bytes of the file, line break included.
        var json = Utf8("{\"w\":tr\nue}");
        var quoted = Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(json));
        Assert.Contains('\n', quoted.Message);
        var result = RunOn("safetensors", [.. BitConverter.GetBytes((ulong)json.Length), .. json]);
        Assert.Equal(FuzzVerdict.Refused, result.Verdict);
        Assert.Contains("not valid JSON", result.Exception!.Message);
    }

    [Theory]
    [InlineData(32, "frame 1 (byte 48)")]
    [InlineData(64, "frame 1 (byte 52)")]
    public void WavFloatSampleThatIsNotFiniteIsRefused(int bits, string where)
    {
        // Found: a flipped exponent bit in the float64 fixture read as an infinite sample (a 64-bit value beyond
        // float32's range, or a NaN or infinity in either width, would poison every feature computed from the clip).
        byte[] data = bits == 32 ? [.. BitConverter.GetBytes(0.25f), .. BitConverter.GetBytes(float.NaN)]
                                 : [.. BitConverter.GetBytes(0.25), .. BitConverter.GetBytes(1e300)];
        byte[] header = [.. Utf8("RIFF"), .. BitConverter.GetBytes(36 + data.Length), .. Utf8("WAVEfmt "), .. BitConverter.GetBytes(16),
            3, 0, 1, 0, .. BitConverter.GetBytes(8000), .. BitConverter.GetBytes(8000 * bits / 8), (byte)(bits / 8), 0, (byte)bits, 0,
            .. Utf8("data"), .. BitConverter.GetBytes(data.Length)];
        var result = RunOn("wav", [.. header, .. data]);
        Assert.Equal(FuzzVerdict.Refused, result.Verdict);
        Assert.Contains($"{where} holds a sample that is NaN, infinite or beyond float32's range", result.Exception!.Message);
    }

    [Fact]
    public void ManifestTranscriptWithAControlCharacterIsRefusedAtItsColumn()
    {
        // Found: an ESC byte in a transcript passed the manifest reader and surfaced later as an ArgumentException from
        // the CTC alphabet, naming neither the file nor the line.
        var result = RunOn("speech-manifest", Utf8("a.wav\tyes no\u001Bb.wav\tno\n"));
        Assert.Equal(FuzzVerdict.Refused, result.Verdict);
        Assert.EndsWith(":1:13: the transcript of a.wav holds control character U+001B", result.Exception!.Message);
    }
}
