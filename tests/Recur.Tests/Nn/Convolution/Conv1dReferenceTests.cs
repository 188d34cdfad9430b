using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests.Nn.Convolution;

/// <summary>
/// <see cref="Functional.Conv1d"/> and <see cref="Functional.CausalConv1d"/> against torch.nn.functional.conv1d
/// (tools/make_conv_fixtures.py, torch in float64 on the stored float32 values): outputs and the gradients of input,
/// weight and bias, for plain, padded, stride 2, dilation 3, two groups, depthwise, no bias and causal cases.
/// </summary>
public class Conv1dReferenceTests
{
    static readonly SafetensorsFile Fixture =
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "conv", "conv1d.safetensors"));

    public static TheoryData<string> Cases => new() { "plain", "padded", "stride2", "dilation3", "groups2", "depthwise", "nobias", "causal" };

    static Tensor Load(string key) { var t = Fixture.Tensors[key]; return Tensor.FromArray(t.ToArray(), t.Shape.ToArray()); }

    [Theory, MemberData(nameof(Cases))]
    public void OutputAndGradientsMatchPyTorch(string name)
    {
        var config = Array.ConvertAll(Fixture.Tensors[$"{name}.config"].ToArray(), v => (int)v);
        var x = Load($"{name}.input").RequireGrad();
        var w = Load($"{name}.weight").RequireGrad();
        var b = Fixture.Tensors.ContainsKey($"{name}.bias") ? Load($"{name}.bias").RequireGrad() : null;
        var y = config[4] == 1
            ? Functional.CausalConv1d(x, w, b, dilation: config[2], stride: config[0], groups: config[3])
            : Functional.Conv1d(x, w, b, stride: config[0], padding: config[1], dilation: config[2], groups: config[3]);
        Assert.Equal(Fixture.Tensors[$"{name}.output"].Shape.ToArray(), y.Shape.ToArray());
        AssertClose(Fixture.Tensors[$"{name}.output"].ToArray(), y.ToArray(), $"{name} output");
        y.Backward(Load($"{name}.grad_output"));
        AssertClose(Fixture.Tensors[$"{name}.grad_input"].ToArray(), x.Grad!.ToArray(), $"{name} input gradient");
        AssertClose(Fixture.Tensors[$"{name}.grad_weight"].ToArray(), w.Grad!.ToArray(), $"{name} weight gradient");
        if (b is not null) AssertClose(Fixture.Tensors[$"{name}.grad_bias"].ToArray(), b.Grad!.ToArray(), $"{name} bias gradient");
    }

    internal static void AssertClose(float[] expected, float[] actual, string what, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]:G7}, torch {expected[i]:G7}");
    }
}
