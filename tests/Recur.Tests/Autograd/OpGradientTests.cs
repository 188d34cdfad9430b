using Recur.Nn;

namespace Recur.Tests.Autograd;

/// <summary>A finite-difference gradient check for every differentiable op of the engine.</summary>
public class OpGradientTests
{
    static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1f, 1f, shape);
    static Tensor Positive(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), 0.5f, 2f, shape);

    public static TheoryData<string> Cases => new(OpCases.Keys);

    static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)> OpCases = new()
    {
        ["add broadcast"] = (x => x[0] + x[1], () => [R(1, 3, 4), R(2, 4)]),
        ["sub broadcast column"] = (x => x[0] - x[1], () => [R(1, 3, 4), R(2, 3, 1)]),
        ["mul broadcast both"] = (x => x[0] * x[1], () => [R(1, 3, 1), R(2, 1, 4)]),
        ["div"] = (x => x[0] / x[1], () => [R(1, 2, 3), Positive(2, 2, 3)]),
        ["scalar ops"] = (x => (2f - x[0]) * 3f / 2f + 1f, () => [R(1, 5)]),
        ["neg"] = (x => -x[0], () => [R(1, 4)]),
        ["pow"] = (x => x[0].Pow(3f), () => [R(1, 2, 3)]),
        ["exp"] = (x => x[0].Exp(), () => [R(1, 2, 3)]),
        ["log"] = (x => x[0].Log(), () => [Positive(1, 2, 3)]),
        ["sqrt"] = (x => x[0].Sqrt(), () => [Positive(1, 2, 3)]),
        ["tanh"] = (x => x[0].Tanh(), () => [R(1, 2, 3)]),
        ["sigmoid"] = (x => x[0].Sigmoid(), () => [R(1, 2, 3)]),
        ["relu"] = (x => x[0].Relu(), () => [R(1, 3, 5)]),
        ["abs"] = (x => x[0].Abs(), () => [R(1, 3, 5)]),
        ["clamp"] = (x => x[0].Clamp(-0.5f, 0.5f), () => [R(1, 3, 5)]),
        ["matmul"] = (x => x[0].MatMul(x[1]), () => [R(1, 3, 4), R(2, 4, 5)]),
        ["matmul transposed views"] = (x => x[0].T.MatMul(x[1].T), () => [R(1, 4, 3), R(2, 5, 4)]),
        ["matmul folded batch"] = (x => x[0].MatMul(x[1]), () => [R(1, 2, 3, 4), R(2, 4, 2)]),
        ["matmul batched"] = (x => x[0].MatMul(x[1]), () => [R(1, 2, 3, 4), R(2, 2, 4, 2)]),
        ["sum all"] = (x => x[0].Sum(), () => [R(1, 2, 3)]),
        ["sum dim"] = (x => x[0].Sum(1), () => [R(1, 2, 3, 4)]),
        ["mean dim keep"] = (x => x[0].Mean(0, keepDim: true) * x[0], () => [R(1, 3, 4)]),
        ["max dim"] = (x => x[0].Max(-1), () => [R(1, 3, 4)]),
        ["reshape"] = (x => x[0].Reshape(4, -1) * x[1], () => [R(1, 2, 6), R(2, 4, 3)]),
        ["transpose non-contiguous reshape"] = (x => x[0].Transpose(0, 1).Reshape(-1), () => [R(1, 2, 3)]),
        ["permute"] = (x => x[0].Permute(2, 0, 1) * x[1], () => [R(1, 2, 3, 4), R(2, 4, 2, 3)]),
        ["narrow"] = (x => x[0].Narrow(1, 1, 2), () => [R(1, 3, 4)]),
        ["select"] = (x => x[0].Select(0, -1), () => [R(1, 3, 4)]),
        ["squeeze unsqueeze"] = (x => x[0].Unsqueeze(1).Squeeze(1) * 2f, () => [R(1, 3, 4)]),
        ["expand"] = (x => x[0].Expand(3, 4) * x[1], () => [R(1, 1, 4), R(2, 3, 4)]),
        ["concat"] = (x => Tensor.Concat([x[0], x[1]], 1), () => [R(1, 2, 3), R(2, 2, 2)]),
        ["stack"] = (x => Tensor.Stack([x[0], x[1]], 2), () => [R(1, 2, 3), R(2, 2, 3)]),
        ["split"] = (x => x[0].Split([1, 3], 1)[1] * 2f, () => [R(1, 2, 4)]),
        ["chunk"] = (x => x[0].Chunk(2, 0)[0] - x[0].Chunk(2, 0)[1], () => [R(1, 4, 3)]),
        ["index select repeated ids"] = (x => x[0].IndexSelect(0, [2, 0, 2]), () => [R(1, 3, 4)]),
        ["gather"] = (x => x[0].Gather(1, [0, 2, 1, 1], 2), () => [R(1, 2, 3)]),
        ["where"] = (x => Tensor.Where(Tensor.FromArray([1, 0, 1], 3), x[0], x[1]), () => [R(1, 2, 3), R(2, 2, 3)]),
        ["masked fill"] = (x => x[0].MaskedFill(Tensor.FromArray([0, 1, 0, 0], 4), -5f), () => [R(1, 2, 4)]),
        ["softmax"] = (x => x[0].Softmax(1), () => [R(1, 3, 5)]),
        ["log softmax"] = (x => x[0].LogSoftmax(-1), () => [R(1, 3, 5)]),
        ["logsumexp"] = (x => x[0].LogSumExp(1), () => [R(1, 3, 5)]),
        ["logsumexp keep dim 0"] = (x => x[0].LogSumExp(0, keepDim: true), () => [R(1, 4, 3)]),
        ["softplus"] = (x => (x[0] * 4f).Softplus(beta: 2f, threshold: 3f), () => [R(1, 3, 5)]),
        ["log sigmoid"] = (x => (x[0] * 5f).LogSigmoid(), () => [R(1, 3, 5)]),
        ["maximum broadcast"] = (x => Tensor.Maximum(x[0], x[1]), () => [R(1, 3, 1), R(2, 1, 4)]),
        ["minimum broadcast"] = (x => Tensor.Minimum(x[0], x[1]), () => [R(1, 3, 4), R(2, 4)]),
        ["clamp min/max"] = (x => x[0].ClampMin(-0.3f) + x[0].ClampMax(0.4f), () => [Tensor.FromArray([-0.9f, -0.5f, -0.1f, 0.2f, 0.6f, 0.8f], 2, 3)]),
        ["pad"] = (x => x[0].Pad([1, 2, 1, 0], 0.5f), () => [R(1, 2, 3, 4)]),
        ["pad crop"] = (x => x[0].Pad([-1, 1, 0, -1]), () => [R(1, 3, 4)]),
        ["cumsum"] = (x => x[0].Cumsum(1), () => [R(1, 3, 4, 2)]),
        ["masked softmax"] = (x => x[0].MaskedSoftmax(Tensor.FromArray([0, 1, 0, 0, 1, 1, 1, 1], 2, 4), 1), () => [R(1, 2, 4)]),
        ["masked log softmax broadcast mask"] = (x => x[0].MaskedLogSoftmax(Tensor.FromArray([1, 0, 0, 0], 4), -1), () => [R(1, 3, 4)]),
        ["masked softmax dim 0"] = (x => x[0].MaskedSoftmax(Tensor.FromArray([0, 1, 0, 0, 0, 1], 3, 2), 0), () => [R(1, 3, 2)]),
        ["matmul broadcast batch"] = (x => x[0].MatMul(x[1]), () => [R(1, 2, 1, 3, 4), R(2, 3, 4, 2)]),
        ["matmul matrix times batch"] = (x => x[0].MatMul(x[1]), () => [R(1, 3, 4), R(2, 2, 4, 2)]),
        ["where broadcast strided"] = (x => Tensor.Where(Tensor.FromArray([1, 0, 1], 3, 1), x[0].T, x[1]), () => [R(1, 4, 3), R(2, 4)]),
        ["cross entropy mean"] = (x => Functional.CrossEntropy(x[0], [1, 4, 0]), () => [R(1, 3, 5)]),
        ["cross entropy ignore + smoothing"] = (x => Functional.CrossEntropy(x[0], [1, -100, 3, 0], labelSmoothing: 0.1f), () => [R(1, 4, 5)]),
        ["cross entropy sum"] = (x => Functional.CrossEntropy(x[0], [2, 2], reduction: Reduction.Sum), () => [R(1, 2, 3)]),
        ["mse"] = (x => Functional.MseLoss(x[0], x[1]), () => [R(1, 3, 2), R(2, 3, 2)]),
        ["layer norm"] = (x => Functional.LayerNorm(x[0], x[1], x[2]), () => [R(1, 3, 5), R(2, 5), R(3, 5)]),
        ["embedding"] = (x => Functional.Embedding(x[0], [3, 1, 3, 0], 2, 2), () => [R(1, 4, 3)]),
        ["linear"] = (x => Functional.Linear(x[0], x[1], x[2]), () => [R(1, 2, 3), R(2, 4, 3), R(3, 4)]),
        ["dropout (fixed mask)"] = (x => Functional.Dropout(x[0], 0.5f, true, new Generator(9)), () => [R(1, 4, 4)]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var (f, inputs) = OpCases[name];
        GradientCheck.Assert(f, inputs());
    }

    [Fact]
    public void CheckRejectsAWrongBackward()
    {
        // x·x with a backward that forgets the factor 2: the harness must notice.
        Func<Tensor[], Tensor> wrongSquare = x =>
        {
            var input = x[0];
            var output = Tensor.FromArray(input.ToArray().Select(v => v * v).ToArray(), input.Shape.ToArray());
            return Tensor.Record(output, "WrongSquare", [input], g => input.AccumulateGrad(g * input));
        };
        Assert.NotEmpty(GradientCheck.Check(wrongSquare, [R(1, 3, 3)], 1e-2, 2e-2, 2e-3));
    }
}
