using Recur.Serialization;

namespace Recur.Tests.Tensors;

/// <summary>
/// Values and gradients of the tensor primitives against PyTorch 1.13 (tools/make_op_fixtures.py): for each case the
/// fixture holds the inputs, the output and the gradients of Σ seed ⊙ output.
/// </summary>
public class PrimitiveReferenceTests
{
    static readonly SafetensorsFile Fixture =
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ops", "ops.safetensors"));

    static readonly Tensor Mask = Tensor.FromArray([0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1], 4, 5);

    static readonly Dictionary<string, Func<Tensor[], Tensor>> Ops = new()
    {
        ["logsumexp"] = x => x[0].LogSumExp(1),
        ["logsumexp_keepdim_dim0"] = x => x[0].LogSumExp(0, keepDim: true),
        ["softplus"] = x => x[0].Softplus(),
        ["softplus_beta"] = x => x[0].Softplus(beta: 2f, threshold: 5f),
        ["logsigmoid"] = x => x[0].LogSigmoid(),
        ["maximum"] = x => Tensor.Maximum(x[0], x[1]),
        ["minimum"] = x => Tensor.Minimum(x[0], x[1]),
        ["clamp"] = x => x[0].Clamp(-0.5f, 0.5f),
        ["clamp_min"] = x => x[0].ClampMin(0f),
        ["abs"] = x => x[0].Abs(),
        ["sqrt"] = x => x[0].Sqrt(),
        ["pad"] = x => x[0].Pad([1, 2, 0, 1], 0.5f),
        ["pad_crop"] = x => x[0].Pad([-1, 1, 2, -1]),
        ["cumsum"] = x => x[0].Cumsum(1),
        ["cumsum_last"] = x => x[0].Cumsum(-1),
        ["masked_softmax"] = x => x[0].MaskedSoftmax(Mask, 1),
        ["masked_log_softmax"] = x => x[0].MaskedLogSoftmax(Mask, 1),
        ["matmul_broadcast"] = x => x[0].MatMul(x[1]),
        ["matmul_matrix_batch"] = x => x[0].MatMul(x[1]),
        ["where"] = x => Tensor.Where(Tensor.FromArray([1, 0, 1], 3, 1), x[0], x[1]),
    };

    public static TheoryData<string> Cases => new(Ops.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValuesAndGradientsMatchPyTorch(string name)
    {
        var inputs = new List<Tensor>();
        while (Fixture.Tensors.TryGetValue($"{name}.in{inputs.Count}", out var x)) inputs.Add(Tensor.FromArray(x.ToArray(), x.Shape.ToArray()).RequireGrad());
        Assert.NotEmpty(inputs);
        var output = Ops[name](inputs.ToArray());
        AssertClose(Fixture.Tensors[$"{name}.out"], output, $"{name} output");
        output.Backward(Fixture.Tensors[$"{name}.seed"]);
        for (int i = 0; i < inputs.Count; i++)
            AssertClose(Fixture.Tensors[$"{name}.grad{i}"], inputs[i].Grad!, $"{name} gradient {i}");
    }

    static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shape {string.Join(",", actual.Shape.ToArray())}, expected {string.Join(",", expected.Shape.ToArray())}");
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            if (float.IsNegativeInfinity(e[i])) { Assert.True(float.IsNegativeInfinity(a[i]), $"{what}[{i}]: expected -inf, got {a[i]}"); continue; }
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5 + 1e-5 * Math.Abs(e[i]), $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
        }
    }

    [Fact]
    public void LogSumExpOfAnAllNegativeInfinityRowIsNegativeInfinity()
    {
        var x = Tensor.FromArray([float.NegativeInfinity, float.NegativeInfinity, 0f, 1f], 2, 2);
        var y = x.LogSumExp(1).ToArray();
        Assert.True(float.IsNegativeInfinity(y[0]));
        Assert.Equal(1f + MathF.Log(1f + MathF.Exp(-1f)), y[1], 5);
    }

    [Fact]
    public void FullyMaskedRowsGiveZerosAndZeroGradientNotNaN()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3).RequireGrad();
        var mask = Tensor.FromArray([0, 1, 0, 1, 1, 1], 2, 3);
        foreach (var y in new[] { x.MaskedSoftmax(mask, 1), x.MaskedLogSoftmax(mask, 1) })
        {
            x.Grad = null;
            var values = y.ToArray();
            Assert.Equal([0f, 0f, 0f], values[3..]);
            Assert.Equal(0f, values[1]);
            y.Backward(Tensor.Ones(2, 3));
            Assert.All(x.Grad!.ToArray(), v => Assert.False(float.IsNaN(v)));
            Assert.Equal([0f, 0f, 0f], x.Grad!.ToArray()[3..]);
        }
    }

    [Fact]
    public void WhereReadsStridedOperandsWithoutCopies()
    {
        // A transposed view and a stretched row give the same choice as their contiguous copies.
        var a = Tensor.Arange(6).Reshape(2, 3).T;                 // (3, 2), non-contiguous
        var b = Tensor.FromArray([-1f, -2f]);                      // stretched over rows
        var c = Tensor.FromArray([1, 0, 0, 1, 1, 1], 3, 2);
        Assert.Equal([0f, -2f, -1f, 4f, 2f, 5f], Tensor.Where(c, a, b).ToArray());
    }
}
