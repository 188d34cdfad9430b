using Recur.Bench;
using Recur.Nn;

namespace Recur.Tests.SequenceTasks;

public class SequenceLayersTests
{
    public static TheoryData<string> Names => new(SequenceLayers.Names);

    [Theory, MemberData(nameof(Names))]
    public void SizingPicksTheNearestCountToTheTarget(string name)
    {
        // The adding problem's 70K, copy memory's 16K (Bai et al. 2018, Table 1) and a 0.5M char model (E = 128, V = 50).
        foreach (var (input, target, around) in new (int, long, Func<int, long>)[]
        {
            (2, 70_000, h => h + 1),
            (1, 16_000, h => 10 * h + 10),
            (128, 500_000, h => 50 * 128 + 50 * h + 50),
        })
        {
            int hidden = SequenceLayers.HiddenFor(name, input, target, around);
            long count = SequenceLayers.ParameterCount(name, input, hidden) + around(hidden);
            // Within 10%: an 8-level TCN at 16K moves by about 6% per unit of width, so no size comes closer; the
            // exact property is the one below, that the next size up or down is no nearer.
            Assert.InRange(count, target * 0.9, target * 1.1);
            foreach (int other in new[] { hidden - 1, hidden + 1 })
                Assert.True(Math.Abs(SequenceLayers.ParameterCount(name, input, other) + around(other) - target) >= Math.Abs(count - target),
                    $"{name}: hidden {other} is nearer {target} than {hidden}");
        }
    }

    [Fact]
    public void LayersAreBuiltByNameAndUnknownNamesAreRefused()
    {
        var lstm = SequenceLayers.Create("lstm", 3, 5, layers: 2);
        Assert.IsType<Lstm>(lstm);
        Assert.Equal((3, 5), (lstm.InputSize, lstm.OutputSize));
        // An LSTM of input 3, hidden 5, two layers: 4·5·(3 + 5 + 2) + 4·5·(5 + 5 + 2).
        Assert.Equal(4 * 5 * 10 + 4 * 5 * 12, SequenceLayers.ParameterCount("lstm", 3, 5, 2));
        var e = Assert.Throws<ArgumentException>(() => SequenceLayers.Create("transformer", 3, 5));
        Assert.Contains("transformer", e.Message);
    }
}
