using System.Text.Json;
using Recur.Decoding;

namespace Recur.Tests.Decoding;

/// <summary>
/// The prefix beam search against PyTorch's CTC loss (tools/make_ctc_decode_fixtures.py): ln p(labels | X) of the
/// greedy labelling and of every labelling one edit from it, on seeded random peaky emissions.
/// </summary>
public class CtcTorchFixtureTests
{
    sealed record Case(int Seed, int Frames, int Classes, int Blank, float[] LogProbs, int[][] Labellings, double[] LogProb);

    sealed record Fixture(string Source, Case[] Cases);

    static Fixture Load() => JsonSerializer.Deserialize<Fixture>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ctcdecode", "labellings.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    /// <remarks>
    /// A beam holds only K prefixes per frame, so a labelling's ln p counts only the alignments whose prefixes all
    /// stayed in the beam: a lower bound, exact when nothing was pruned (the brute-force tests) and close to it for
    /// the labellings the beam ranks first.
    /// </remarks>
    [Fact]
    public void TheBeamsLabellingsScoreAsPyTorchsCtcLossAndNoneOfItsIsBetter()
    {
        var options = new CtcBeamSearchOptions
        {
            BeamWidth = 256, NBest = 20, TokenMinLogProb = double.NegativeInfinity, BeamPruneLogProb = double.NegativeInfinity,
        };
        var fixture = Load();
        Assert.Equal(4, fixture.Cases.Length);
        int matched = 0;
        foreach (var c in fixture.Cases)
        {
            var alphabet = Enumerable.Range(0, c.Classes).Select(k => ((char)('a' + k)).ToString()).ToArray();
            var torch = new Dictionary<string, double>();
            for (int n = 0; n < c.Labellings.Length; n++) torch[string.Join(",", c.Labellings[n])] = c.LogProb[n];
            var result = new CtcPrefixBeamSearch(alphabet, c.Blank, options).Decode(c.LogProbs);
            Assert.True(result[0].AcousticLogProb >= torch.Values.Max() - 0.01, $"case {c.Seed}: the beam's best is less probable than a labelling PyTorch scored");
            for (int rank = 0; rank < result.Count; rank++)
                if (torch.TryGetValue(string.Join(",", result[rank].Tokens), out double expected))
                {
                    Assert.InRange(result[rank].AcousticLogProb, expected - (rank == 0 ? 0.01 : 0.1), expected + 1e-6);
                    matched++;
                }
        }
        Assert.True(matched >= 20, $"only {matched} of the beam's labellings are in the fixture");
    }
}
