using Recur.Optim;

namespace Recur.Tests.Optim;

/// <summary>clip_grad_norm_ and clip_grad_value_ against PyTorch.</summary>
public class GradientClippingTests
{
    static Tensor[] ParametersWithGradients(Recur.Serialization.SafetensorsFile fixture, string prefix) =>
        OptimFixtures.ParameterNames.Select(name =>
        {
            var g = fixture.Tensors[$"{prefix}.before.{name}"];
            var p = Tensor.Zeros(g.Shape.ToArray());
            p.Grad = Tensor.FromArray(g.AsSpan(), g.Shape.ToArray());
            return p;
        }).ToArray();

    [Theory]
    [InlineData("clipped")]
    [InlineData("unclipped")]
    public void ClipGradNormMatchesPyTorch(string name)
    {
        var fixture = OptimFixtures.Load("clip");
        var parameters = ParametersWithGradients(fixture, name);
        var frozen = Tensor.Ones(4);   // no gradient: ignored, as in PyTorch
        double norm = GradientClipping.ClipGradNorm(parameters.Append(frozen), fixture.Number(name + ".max_norm"));
        OptimFixtures.AssertClose(fixture.Tensors[name + ".norm"].AsSpan(), [(float)norm], name + " norm");
        for (int i = 0; i < parameters.Length; i++)
        {
            string key = $"{name}.after.{OptimFixtures.ParameterNames[i]}";
            OptimFixtures.AssertClose(fixture.Tensors[key].AsSpan(), parameters[i].Grad!.AsSpan(), key);
        }
        Assert.Null(frozen.Grad);
    }

    [Fact]
    public void ClippedGradientsHaveTheMaximumNorm()
    {
        var p = Tensor.Zeros(2);
        p.Grad = Tensor.FromArray(new float[] { 3, 4 });
        Assert.Equal(5.0, GradientClipping.ClipGradNorm([p], 1.0), 12);
        // Hand-worked: coefficient 1 / (5 + 1e-6).
        OptimFixtures.AssertClose([0.6f, 0.8f], p.Grad.AsSpan(), "clipped [3, 4]");
    }

    [Fact]
    public void ClipGradValueMatchesPyTorch()
    {
        var fixture = OptimFixtures.Load("clip");
        var parameters = ParametersWithGradients(fixture, "value");
        GradientClipping.ClipGradValue(parameters, fixture.Number("value.clip_value"));
        bool anyClipped = false;
        for (int i = 0; i < parameters.Length; i++)
        {
            string name = OptimFixtures.ParameterNames[i];
            var expected = fixture.Tensors[$"value.after.{name}"].AsSpan();
            Assert.Equal(expected.ToArray(), parameters[i].Grad!.ToArray());
            anyClipped |= !expected.SequenceEqual(fixture.Tensors[$"value.before.{name}"].AsSpan());
        }
        Assert.True(anyClipped);
    }
}
