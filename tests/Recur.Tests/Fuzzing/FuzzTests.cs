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

    public static TheoryData<string> Names() => new() { "arpa", "ngram-binary", "safetensors", "text", "char-vocabulary", "checkpoint" };

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
            var result = FuzzHarness.Run(target, Mutation.Apply(target.Seeds[seed], mutations), input, TimeSpan.FromSeconds(10));
            Assert.True(result.Allowed, $"{name} input {i}, seed file {seed}, mutations [{string.Join(", ", mutations)}]: {result}");
        }
    }
}
