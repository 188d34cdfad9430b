using Recur.Nn;
using Recur.Tests.Autograd;

namespace Recur.Tests.Nn.Ctc;

/// <summary>
/// <see cref="Functional.CtcLoss"/>: a case worked by hand, finite differences through LogSoftmax (the gradient it
/// passes is the logits' one, so only the composition is a true derivative), the two target layouts, zeroInfinity,
/// and the messages for bad input.
/// </summary>
public class CtcLossTests
{
    [Fact]
    public void TwoFramesOneLabelByHand()
    {
        // C = 2 (blank, a), target "a", T = 2: the alignments are a-, -a and aa (Graves et al. 2006, eq. 3).
        double[] pa = [0.7, 0.4], pb = [0.3, 0.6];
        double p = pa[0] * pb[1] + pb[0] * pa[1] + pa[0] * pa[1];
        var lp = Tensor.FromArray([(float)Math.Log(pb[0]), (float)Math.Log(pa[0]), (float)Math.Log(pb[1]), (float)Math.Log(pa[1])], 2, 1, 2).RequireGrad();
        var loss = Functional.CtcLoss(lp, CtcTargets.Concatenated([1], [1]), [2], reduction: Reduction.Sum);
        Assert.Equal(-Math.Log(p), loss.Item(), 5);
        loss.Backward();
        // PyTorch's gradient: y_t(c) − (probability of the alignments through c at t) / p.
        double[] expected = [pb[0] - pb[0] * pa[1] / p, pa[0] - (pa[0] * pb[1] + pa[0] * pa[1]) / p,
                             pb[1] - pa[0] * pb[1] / p, pa[1] - (pb[0] * pa[1] + pa[0] * pa[1]) / p];
        var grad = lp.Grad!.ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], grad[i], 5);
    }

    static Tensor Logits(int t, int n, int c, ulong seed) => Tensor.Randn(new Generator(seed), t, n, c);

    [Theory]
    [InlineData(Reduction.None)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.Mean)]
    public void GradientThroughLogSoftmaxMatchesFiniteDifferences(Reduction reduction)
    {
        // Items: "aab" (a repeat) in 6 frames, "cb" in 5, the empty target in 4, and "abca" in 3 frames (impossible).
        var targets = CtcTargets.Concatenated([1, 1, 2, 3, 2, 1, 2, 3, 1], [3, 2, 0, 4]);
        int[] lengths = [6, 5, 4, 3];
        GradientCheck.Assert(a => Functional.CtcLoss(a[0].LogSoftmax(2), targets, lengths, reduction: reduction, zeroInfinity: true), Logits(6, 4, 4, 11));
    }

    [Fact]
    public void GradientWithTheBlankLastMatchesFiniteDifferences()
    {
        var targets = CtcTargets.Padded([0, 1, 1, 2, 0, 0], 3, [3, 1]);
        GradientCheck.Assert(a => Functional.CtcLoss(a[0].LogSoftmax(2), targets, [7, 5], blank: 3, reduction: Reduction.None), Logits(7, 2, 4, 12));
    }

    [Fact]
    public void PaddedAndConcatenatedTargetsGiveTheSameLoss()
    {
        var lp = Logits(9, 3, 5, 13).LogSoftmax(2);
        var padded = Functional.CtcLoss(lp, CtcTargets.Padded([1, 2, 0, 0, 3, 3, 4, 1, 4, 4, 2, 0], 4, [2, 4, 3]), [9, 8, 9], reduction: Reduction.None);
        var concatenated = Functional.CtcLoss(lp, CtcTargets.Concatenated([1, 2, 3, 3, 4, 1, 4, 4, 2], [2, 4, 3]), [9, 8, 9], reduction: Reduction.None);
        Assert.Equal(padded.ToArray(), concatenated.ToArray());
        Assert.All(padded.ToArray(), v => Assert.True(v > 0 && float.IsFinite(v)));
    }

    [Fact]
    public void ReductionsCombineTheItemLosses()
    {
        var lp = Logits(8, 3, 4, 14).LogSoftmax(2);
        var targets = CtcTargets.Concatenated([1, 2, 3, 3, 1], [2, 3, 0]);
        int[] lengths = [8, 6, 5];
        var none = Functional.CtcLoss(lp, targets, lengths, reduction: Reduction.None).ToArray();
        Assert.Equal(none.Sum(), Functional.CtcLoss(lp, targets, lengths, reduction: Reduction.Sum).Item(), 4);
        Assert.Equal((none[0] / 2 + none[1] / 3 + none[2] / 1) / 3, Functional.CtcLoss(lp, targets, lengths).Item(), 5);
    }

    [Fact]
    public void ImpossibleTargetIsInfiniteOrZeroWithZeroInfinity()
    {
        // "aa" needs three frames (a blank between the repeats); two are too few.
        var lp = Logits(2, 1, 3, 15).LogSoftmax(2).Detach().RequireGrad();
        var targets = CtcTargets.Concatenated([1, 1], [2]);
        Assert.True(float.IsPositiveInfinity(Functional.CtcLoss(lp, targets, [2]).Item()));
        var zeroed = Functional.CtcLoss(lp, targets, [2], zeroInfinity: true);
        Assert.Equal(0f, zeroed.Item());
        zeroed.Backward();
        Assert.All(lp.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void FramesPastTheInputLengthGetNoGradient()
    {
        var lp = Logits(6, 2, 3, 16).LogSoftmax(2).Detach().RequireGrad();
        Functional.CtcLoss(lp, CtcTargets.Concatenated([1, 2, 2], [1, 2]), [6, 4], reduction: Reduction.Sum).Backward();
        var grad = lp.Grad!.ToArray();
        for (int t = 0; t < 6; t++)
            for (int c = 0; c < 3; c++)
            {
                float v = grad[(t * 2 + 1) * 3 + c];
                if (t >= 4) Assert.Equal(0f, v); else Assert.NotEqual(0f, v);
            }
    }

    [Fact]
    public void BadInputIsRejectedWithTheFieldAndItem()
    {
        var lp = Logits(5, 2, 4, 17).LogSoftmax(2);
        var ok = CtcTargets.Concatenated([1, 2, 3], [1, 2]);
        Assert.Contains("(T, N, C)", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(Logits(5, 2, 1, 1).Reshape(5, 2), ok, [5, 5])).Message);
        Assert.Contains("targets has 2", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(Logits(5, 3, 4, 1), ok, [5, 5, 5])).Message);
        Assert.Contains("inputLengths has 1", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(lp, ok, [5])).Message);
        Assert.Contains("input length of item 1 is 6", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(lp, ok, [5, 6])).Message);
        Assert.Contains("item 0, position 0, is the blank", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(lp, CtcTargets.Concatenated([0, 1], [1, 1]), [5, 5])).Message);
        Assert.Contains("item 1, position 1, is 4", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(lp, CtcTargets.Concatenated([1, 2, 4], [1, 2]), [5, 5])).Message);
        Assert.Contains("blank 4", Assert.Throws<ArgumentException>(() => Functional.CtcLoss(lp, ok, [5, 5], blank: 4)).Message);
        Assert.Contains("length of item 1 is -1", Assert.Throws<ArgumentException>(() => CtcTargets.Concatenated([1], [2, -1])).Message);
        Assert.Contains("sum to 3 but there are 2", Assert.Throws<ArgumentException>(() => CtcTargets.Concatenated([1, 2], [1, 2])).Message);
        Assert.Contains("length of item 0 is 3, expected 0 … 2", Assert.Throws<ArgumentException>(() => CtcTargets.Padded([1, 2, 3, 1], 2, [3, 1])).Message);
        Assert.Contains("needs 4 labels, got 3", Assert.Throws<ArgumentException>(() => CtcTargets.Padded([1, 2, 3], 2, [1, 1])).Message);
    }
}
