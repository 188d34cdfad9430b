using System.Numerics.Tensors;
using Recur.Embeddings;
using Recur.Embeddings.Bias;
using Recur.Embeddings.Projection;

namespace Recur.Tests.Embeddings;

public class BiasTests
{
    // Axis 0 is gender (female +), axes 1 and 2 carry meaning. Nurse leans female, engineer male.
    static WordVectors Vectors() => new WordVectors(
        ["she", "he", "woman", "man", "nurse", "engineer", "king", "queen"], 3,
        [
            1, 1, 0,   -1, 1, 0,
            1, 0, 1,   -1, 0, 1,
            0.6f, 0.8f, 0,
            -0.8f, 0, 0.6f,
            -0.5f, 0.5f, 0.7f,  0.7f, 0.5f, 0.5f,
        ]).Normalized();

    static readonly (string, string)[] Pairs = [("she", "he"), ("woman", "man"), ("girl", "boy")];

    [Fact]
    public void Direction_is_the_first_principal_component_of_the_pair_differences()
    {
        var g = GenderDirection.Compute(Vectors(), Pairs);
        Assert.Equal(2, g.PairsUsed); // girl/boy have no vectors
        Assert.Equal(1, g.Direction[0], 1e-5f);
        Assert.Equal(0, g.Direction[1], 1e-5f);
        Assert.Equal(1, g.VarianceShare, 1e-5);
        Assert.Equal(0.6f, g.Projection(Vectors(), "nurse")!.Value, 1e-5f);
        Assert.Null(g.Projection(Vectors(), "pilot"));
    }

    [Fact]
    public void Direct_bias_is_the_mean_absolute_projection()
    {
        var g = GenderDirection.Compute(Vectors(), Pairs);
        Assert.Equal((0.6 + 0.8) / 2, g.DirectBias(Vectors(), ["nurse", "engineer", "pilot"]), 5);
        Assert.Equal((0.36 + 0.64) / 2, g.DirectBias(Vectors(), ["nurse", "engineer"], c: 2), 5);
    }

    [Fact]
    public void Hard_debias_neutralises_and_equalises()
    {
        var before = Vectors();
        var g = GenderDirection.Compute(before, Pairs);
        var after = HardDebias.Apply(before, g.Direction, new HashSet<string> { "she", "he", "woman", "man", "king", "queen" }, [("queen", "king"), ("she", "he")]);
        Assert.Equal(0, g.DirectBias(after, ["nurse", "engineer"]), 5);
        float Cos(WordVectors v, string a, string b) => v.Cosine(v.IndexOf(a), v.IndexOf(b));
        Assert.NotEqual(Cos(before, "queen", "nurse"), Cos(before, "king", "nurse"), 3);
        foreach (var neutral in new[] { "nurse", "engineer" })
        {
            Assert.Equal(Cos(after, "queen", neutral), Cos(after, "king", neutral), 5);
            Assert.Equal(Cos(after, "she", neutral), Cos(after, "he", neutral), 5);
        }
        foreach (var w in new[] { "queen", "king", "nurse" }) Assert.Equal(1, TensorPrimitives.Norm(after.Vector(after.IndexOf(w))), 5);
        Assert.Equal(-g.Projection(after, "king")!.Value, g.Projection(after, "queen")!.Value, 5);
        Assert.True(g.Projection(after, "queen") > 0);
        Assert.Equal(before.Vector(before.IndexOf("woman")).ToArray(), after.Vector(after.IndexOf("woman")).ToArray()); // gender-specific, not in a pair
    }

    [Fact]
    public void Weat_effect_size_of_a_hand_worked_example()
    {
        // A = {(1,0)}, B = {(0,1)}; X = {(1,0), 30°}, Y = {(0,1), 60°}. s = cos a − cos b: X 1 and s2 = (√3 − 1)/2,
        // Y −1 and −s2; mean difference 1 + s2; sample std over the four = √((2 + 2·s2²)/3).
        float c30 = MathF.Sqrt(3) / 2;
        var v = new WordVectors(["a", "b", "x1", "x2", "y1", "y2"], 2, [1, 0, 0, 1, 1, 0, c30, 0.5f, 0, 1, 0.5f, c30]);
        var result = Weat.EffectSize(v, new WeatTest("toy", ["x1", "x2"], ["y1", "y2", "missing"], ["a"], ["b"]));
        double s2 = (Math.Sqrt(3) - 1) / 2;
        Assert.Equal((1 + s2) / Math.Sqrt((2 + 2 * s2 * s2) / 3), result.EffectSize, 5);
        Assert.Equal((2, 2, 1, 1), (result.FoundX, result.FoundY, result.FoundA, result.FoundB));
        var swapped = Weat.EffectSize(v, new WeatTest("toy", ["y1", "y2"], ["x1", "x2"], ["a"], ["b"]));
        Assert.Equal(-result.EffectSize, swapped.EffectSize, 10);
        // The six 2-of-4 partitions of {1, s2, −1, −s2} have sums 1 + s2 (observed), 1 − 1, 1 − s2, s2 − 1, s2 − s2,
        // −1 − s2: none exceeds the observed one, and five exceed the swapped test's −1 − s2.
        Assert.Equal(0, result.PValue);
        Assert.Equal(5 / 6.0, swapped.PValue, 12);
    }

    [Fact]
    public void Sampled_p_value_agrees_with_the_exact_one()
    {
        // 13 + 13 values: 10,400,600 partitions, beyond the exact limit, so they are sampled.
        var random = new Generator(9);
        var values = Enumerable.Range(0, 26).Select(_ => random.NextNormal()).ToArray();
        for (int i = 0; i < 13; i++) values[i] += 0.4;
        double sampled = Weat.PermutationPValue(values, 13);
        Assert.InRange(sampled, 0.001, 0.5);
        // With the first half shifted by a lot, no random half beats it.
        Assert.Equal(0, Weat.PermutationPValue(values.Select((v, i) => i < 13 ? v + 100 : v).ToArray(), 13));
        // Exact, C(10, 5) = 252: the smallest five first are beaten by every other half; the largest five by none.
        Assert.Equal(251 / 252.0, Weat.PermutationPValue([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), 12);
        Assert.Equal(0, Weat.PermutationPValue([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5));
    }

    [Fact]
    public void Principal_components_of_points_on_a_plane()
    {
        // Points spread 10× more along (1, 1, 0)/√2 than along (0, 0, 1).
        var rows = new List<float>();
        for (int i = -5; i <= 5; i++)
        {
            rows.AddRange([2 + i, 3 + i, 1 + 0.1f * (i % 2 == 0 ? 1 : -1) * Math.Abs(i)]);
        }
        var (components, shares) = PrincipalComponents.Compute(rows.ToArray(), 3, 2);
        Assert.Equal(1 / MathF.Sqrt(2), components[0][0], 1e-4f);
        Assert.Equal(1 / MathF.Sqrt(2), components[0][1], 1e-4f);
        Assert.Equal(1, Math.Abs(components[1][2]), 1e-3f);
        Assert.True(shares[0] > 0.99 && shares[0] + shares[1] > 0.9999);
        var xy = PrincipalComponents.Project(rows.ToArray(), 3, components);
        Assert.Equal(-5 * MathF.Sqrt(2), xy[0], 1e-3f); // the first point, 5√2 below the mean along PC1
    }

    [Fact]
    public void Projection_plot_writes_a_png()
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-plot-{Guid.NewGuid():N}.png");
        try
        {
            var points = ProjectionPlot.Project(Vectors(), ["she", "he", "nurse", "engineer", "nowhere"]);
            Assert.Equal(4, points.Count);
            ProjectionPlot.Write(path, points, "test");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(path)[..4]);
        }
        finally { File.Delete(path); }
    }
}
