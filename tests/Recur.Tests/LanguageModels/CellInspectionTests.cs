using Recur.LanguageModels;

namespace Recur.Tests.LanguageModels;

public class CellInspectionTests
{
    [Fact]
    public void FeaturesMatchHandCountedValues()
    {
        const string text = "a\"b(\"\n)c";
        Assert.Equal([0, 1, 1, 1, 0, 0, 0, 0], TextFeature.InsideQuotes.Measure(text));
        Assert.Equal([0, 0, 0, 1, 1, 1, 0, 0], TextFeature.BracketDepth.Measure(text));
        Assert.Equal([0, 1, 2, 3, 4, 0, 0, 1], TextFeature.LinePosition.Measure(text));
    }

    [Fact]
    public void CorrelationMatchesAHandWorkedValue()
    {
        // x = (1, 2, 3), y = (1, 3, 2): cov = 1, var x = var y = 2, so r = 1/2. Unit 1 is constant: r = 0.
        float[] activations = [1f, 5f, 2f, 5f, 3f, 5f];
        var r = CellInspection.Correlations(activations, 2, [1.0, 3.0, 2.0]);
        Assert.Equal(0.5, r[0], 12);
        Assert.Equal(0.0, r[1]);
    }

    [Fact]
    public void BestUnitIsTheOneThatTracksTheFeature()
    {
        const string text = "x = f(\"ab\", [1, (2)])\ny = \"cd\"\n";
        var quotes = TextFeature.InsideQuotes.Measure(text);
        var depth = TextFeature.BracketDepth.Measure(text);
        var g = new Generator(5);
        int N = text.Length, H = 4;
        var act = new float[N * H];
        for (int n = 0; n < N; n++)
        {
            act[n * H + 0] = g.NextFloat();
            act[n * H + 1] = (float)(-0.8 * quotes[n] + 0.05 * g.NextFloat());
            act[n * H + 2] = (float)(0.3 * depth[n]);
            act[n * H + 3] = g.NextFloat();
        }
        var best = CellInspection.BestUnits(text, act, H, [TextFeature.InsideQuotes, TextFeature.BracketDepth]);
        Assert.Equal(1, best[0].Unit);
        Assert.True(best[0].Correlation < -0.95);
        Assert.Equal(2, best[1].Unit);
        Assert.Equal(1.0, best[1].Correlation, 6);
    }

    [Fact]
    public void AFeatureThatNeverVariesHasNoUnitAndStrongestSkipsIt()
    {
        const string text = "(a(b)c)\nxy z\n"; // no quotes
        var depth = TextFeature.BracketDepth.Measure(text);
        int N = text.Length, H = 3;
        var act = new float[N * H];
        var g = new Generator(1);
        for (int n = 0; n < N; n++)
        {
            act[n * H + 0] = g.NextFloat();
            act[n * H + 1] = g.NextFloat();
            act[n * H + 2] = (float)depth[n];
        }
        var best = CellInspection.BestUnits(text, act, H);
        Assert.False(best[0].FeatureOccurs);
        Assert.Equal(-1, best[0].Unit);
        Assert.True(double.IsNaN(best[0].Correlation));
        Assert.True(best[1].FeatureOccurs);
        var strongest = CellInspection.Strongest(best)!;
        Assert.Equal(TextFeature.BracketDepth, strongest.Feature);
        Assert.Equal(2, strongest.Unit);
        Assert.Null(CellInspection.Strongest([best[0]]));
    }
}
