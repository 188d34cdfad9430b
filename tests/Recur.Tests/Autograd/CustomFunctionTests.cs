using Recur.Nn;

namespace Recur.Tests.Autograd;

/// <summary>The public custom-function API with a user-defined two-output op, and the fused ops built on it.</summary>
public class CustomFunctionTests
{
    /// <summary>
    /// A user op: x (B, D), w (D) → y = x ⊙ w (B, D) and n = Σ_d x² (B). Backward: dx = g_y ⊙ w + 2·x·g_n,
    /// dw = Σ_b g_y ⊙ x.
    /// </summary>
    sealed class ScaleAndSquaredNorm() : CustomFunction("ScaleAndSquaredNormBackward")
    {
        protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0], [inputShapes[0][0]]];

        protected override void Forward(ForwardContext context)
        {
            var x = context.Input(0); var w = context.Input(1);
            var y = context.Output(0); var n = context.Output(1);
            int d = w.Length;
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = x[i] * w[i % d];
                n[i / d] += x[i] * x[i];
            }
        }

        protected override void Backward(BackwardContext context)
        {
            var x = context.Input(0); var w = context.Input(1);
            var gy = context.OutputGrad(0); var gn = context.OutputGrad(1);
            int d = w.Length;
            var dx = context.InputGrad(0); var dw = context.InputGrad(1);
            for (int i = 0; i < x.Length; i++)
            {
                if (context.NeedsInputGrad(0)) dx[i] += gy[i] * w[i % d] + 2f * x[i] * gn[i / d];
                if (context.NeedsInputGrad(1)) dw[i % d] += gy[i] * x[i];
            }
        }
    }

    static Tensor R(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1f, 1f, shape);

    [Fact]
    public void TwoOutputUserOpPassesTheGradientCheck()
    {
        GradientCheck.Assert(x =>
        {
            var outputs = new ScaleAndSquaredNorm().Apply(x[0], x[1]);
            return outputs[0] * outputs[1].Unsqueeze(1).Tanh();
        }, R(1, 3, 4), R(2, 4));
    }

    [Fact]
    public void UserOpGivesTheComposedValuesAndAnUnusedOutputContributesNothing()
    {
        var x = R(1, 3, 4).RequireGrad();
        var w = R(2, 4).RequireGrad();
        var outputs = new ScaleAndSquaredNorm().Apply(x, w);
        Assert.Equal((x * w).ToArray(), outputs[0].ToArray());
        Assert.Equal((x * x).Sum(1).ToArray(), outputs[1].ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        outputs[1].Sum().Backward();      // only n is used: dx = 2x, dw = 0
        Assert.Equal((2f * x).ToArray(), x.Grad!.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.All(w.Grad?.ToArray() ?? new float[4], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AnInstanceIsAppliedOnce()
    {
        var f = new ScaleAndSquaredNorm();
        f.Apply(R(1, 2, 3), R(2, 3));
        Assert.Throws<InvalidOperationException>(() => f.Apply(R(1, 2, 3), R(2, 3)));
    }

    [Fact]
    public void ChangingAnInputInPlaceBeforeBackwardIsAnErrorNamingTheOp()
    {
        var x = R(1, 3, 4).RequireGrad();
        var w = R(2, 4);
        var outputs = new ScaleAndSquaredNorm().Apply(x, w);
        w[0] = 5f;
        var error = Assert.Throws<InvalidOperationException>(() => outputs[0].Sum().Backward());
        Assert.Contains("ScaleAndSquaredNormBackward", error.Message);
    }

    [Theory]
    [InlineData(0f, Reduction.Mean)]
    [InlineData(0.1f, Reduction.Mean)]
    [InlineData(0.2f, Reduction.Sum)]
    [InlineData(0f, Reduction.None)]
    public void FusedCrossEntropyEqualsTheComposition(float smoothing, Reduction reduction)
    {
        int[] targets = [1, -100, 4, 0, 4];
        var a = R(3, 5, 7).RequireGrad();
        var b = Tensor.FromArray(a.ToArray(), 5, 7).RequireGrad();
        var fused = Functional.CrossEntropy(a, targets, labelSmoothing: smoothing, reduction: reduction);
        var composed = ComposedCrossEntropy(b, targets, smoothing, reduction);
        Assert.Equal(composed.ToArray(), fused.ToArray(), (x, y) => Math.Abs(x - y) <= 1e-6f * Math.Max(1f, Math.Abs(x)));
        var seed = R(4, composed.Shape.ToArray());
        fused.Backward(seed);
        composed.Backward(seed);
        Assert.Equal(b.Grad!.ToArray(), a.Grad!.ToArray(), (x, y) => Math.Abs(x - y) <= 1e-6f);
    }

    /// <summary>The definition: mean over counted rows of −((1−ε)·log p_t + ε·mean_c log p_c).</summary>
    static Tensor ComposedCrossEntropy(Tensor logits, int[] targets, float smoothing, Reduction reduction)
    {
        int n = targets.Length;
        var picked = targets.Select(t => t < 0 ? 0 : t).ToArray();
        var mask = Tensor.FromArray(targets.Select(t => t < 0 ? 0f : 1f).ToArray(), n);
        var logp = logits.LogSoftmax(1);
        var loss = -logp.Gather(1, picked).Reshape(n);
        if (smoothing > 0f) loss = (1f - smoothing) * loss - smoothing * logp.Mean(1);
        loss *= mask;
        return reduction switch
        {
            Reduction.Sum => loss.Sum(),
            Reduction.None => loss,
            _ => loss.Sum() / targets.Count(t => t >= 0),
        };
    }
}
