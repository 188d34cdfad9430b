using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests.Nn.Ctc;

/// <summary>
/// <see cref="Functional.CtcLoss"/> against torch.nn.functional.ctc_loss (tools/make_ctc_fixtures.py, torch run in
/// float64 on the stored float32 log-probabilities): every case's loss under each reduction and torch's gradient
/// with respect to log_probs, within 1e-5 (relative for losses above 1). Cases: different lengths per item,
/// repeated labels, targets exactly as long as the input allows and one longer (+∞, NaN gradient; 0 with
/// zero_infinity), the blank last, an empty target, padded and concatenated targets, and T = 1000.
/// </summary>
public class CtcLossReferenceTests
{
    static readonly SafetensorsFile Fixture =
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ctc", "ctc.safetensors"));

    public static TheoryData<string, Reduction> Cases()
    {
        var data = new TheoryData<string, Reduction>();
        foreach (var name in new[] { "random", "repeats", "boundary", "boundary_zero_inf", "blank_last", "long" })
            foreach (var r in new[] { Reduction.None, Reduction.Sum, Reduction.Mean })
                data.Add(name, r);
        return data;
    }

    static int[] Ints(string key) => Array.ConvertAll(Fixture.Tensors[key].ToArray(), v => (int)v);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndGradientMatchPyTorch(string name, Reduction reduction)
    {
        var lp = Fixture.Tensors[$"{name}.log_probs"];
        var targetTensor = Fixture.Tensors[$"{name}.targets"];
        int[] labels = Ints($"{name}.targets"), targetLengths = Ints($"{name}.target_lengths"), inputLengths = Ints($"{name}.input_lengths");
        var targets = targetTensor.Rank == 2
            ? CtcTargets.Padded(labels, targetTensor.Shape[1], targetLengths)
            : CtcTargets.Concatenated(labels, targetLengths);
        int blank = Ints($"{name}.blank")[0];
        bool zeroInfinity = Ints($"{name}.zero_infinity")[0] == 1;

        var x = Tensor.FromArray(lp.ToArray(), lp.Shape.ToArray()).RequireGrad();
        var loss = Functional.CtcLoss(x, targets, inputLengths, blank, reduction, zeroInfinity);
        string r = reduction.ToString().ToLowerInvariant();
        var expected = Fixture.Tensors[$"{name}.loss_{r}"].ToArray();
        var actual = loss.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == actual[i] || Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                $"{name} {r} loss[{i}]: {actual[i]}, torch {expected[i]}");

        if (!Fixture.Tensors.TryGetValue($"{name}.grad_{r}", out var expectedGrad)) return;
        loss.Backward(Tensor.Ones(loss.Shape.ToArray()));
        var grad = x.Grad!.ToArray();
        var want = expectedGrad.ToArray();
        int nan = 0;
        for (int i = 0; i < want.Length; i++)
        {
            nan += float.IsNaN(want[i]) ? 1 : 0;
            Assert.True(float.IsNaN(want[i]) ? float.IsNaN(grad[i]) : Math.Abs(want[i] - grad[i]) <= 1e-5f,
                $"{name} {r} grad[{i}]: {grad[i]}, torch {want[i]}");
        }
        Assert.Equal(name == "boundary" ? 9 : 0, nan);
    }
}
