using Recur.Nn;
using Recur.Tests.Autograd;
using Recur.Tests.Nn.Sequence;

namespace Recur.Tests.Nn.Lru;

/// <summary>
/// The LRU and its stack: the sequence-layer contract, finite-difference gradients of every parameter, the input
/// and the carried state, the ring initialisation and γ normalisation, and the complex recurrence written out.
/// </summary>
public class LruNetworkTests
{
    static LruNetwork Create(int input = 3, int hidden = 4, int layers = 2, int state = 3) =>
        new(input, hidden, layers, generator: new Generator(1), stateSize: state);

    [Fact]
    public void ChunksCarriedThroughTheStateEqualOnePass()
    {
        SequenceLayerContract.ChunksEqualWhole(Create(), steps: 9, batch: 3, split: 4);
        SequenceLayerContract.ChunksEqualWhole(Create(input: 4), steps: 6, batch: 2, split: 5);
    }

    [Fact]
    public void StepperEqualsForward()
    {
        SequenceLayerContract.StepperEqualsForward(Create(), steps: 7, batch: 2);
        SequenceLayerContract.StepperEqualsForward(Create(input: 4, layers: 1, state: 5), steps: 5, batch: 3);
    }

    [Fact]
    public void OutputsDoNotReadTheFuture() => SequenceLayerContract.IsCausal(Create(), steps: 8, batch: 2, t: 5);

    [Fact]
    public void ParameterInputAndStateGradients()
    {
        var net = Create(input: 2, hidden: 3, layers: 2, state: 2);
        var x = Tensor.Randn(new Generator(3), 4, 2, 2);
        var h0 = Tensor.Uniform(new Generator(4), -0.5f, 0.5f, 2, 2, 4);
        // LayerNorm over 3 features and phases up to 2π curve sharply: a smaller step keeps the central difference's
        // truncation error below the tolerance (the float noise it adds stays under it too).
        GradientCheck.Assert(t => net.Forward(t[0], new SequenceState([t[1]])).Output, [x, h0, .. net.Parameters()], 2e-3, 2e-2, 4e-3);
    }

    [Fact]
    public void LruGradients()
    {
        var lru = new Recur.Nn.Lru(3, 2, generator: new Generator(7));
        var x = Tensor.Randn(new Generator(8), 5, 2, 3);
        var h0 = Tensor.Uniform(new Generator(9), -0.5f, 0.5f, 2, 4);
        GradientCheck.Assert(t => lru.Forward(t[0], t[1]).Output, [x, h0, .. lru.Parameters()], 2e-3, 2e-2, 4e-3);
    }

    [Fact]
    public void RingInitialisationAndGammaNormalisation()
    {
        var lru = new Recur.Nn.Lru(8, 400, rMin: 0.9f, rMax: 0.999f, maxPhase: 0.5f, generator: new Generator(2));
        using var _ = Tensor.NoGrad();
        var (re, im) = lru.Lambda();
        var gamma = lru.GammaLog.Exp().ToArray();
        var (r, i) = (re.ToArray(), im.ToArray());
        for (int k = 0; k < r.Length; k++)
        {
            double mod = Math.Sqrt(r[k] * r[k] + i[k] * i[k]), phase = Math.Atan2(i[k], r[k]);
            Assert.InRange(mod, 0.9 - 1e-5, 0.999 + 1e-5);
            Assert.InRange(phase, 0, 0.5 + 1e-5);
            Assert.Equal(Math.Sqrt(1 - mod * mod), gamma[k], 1e-4);
        }
        // |λ|² is uniform on [r_min², r_max²]: its mean is the midpoint.
        double meanSquare = r.Select((v, k) => (double)v * v + (double)i[k] * i[k]).Average();
        Assert.Equal((0.81 + 0.998) / 2, meanSquare, 0.02);
    }

    [Fact]
    public void RecurrenceMatchesTheDefinition()
    {
        var lru = new Recur.Nn.Lru(3, 2, generator: new Generator(5));
        using var _ = Tensor.NoGrad();
        var x = Tensor.Randn(new Generator(6), 5, 1, 3);
        var (y, _) = lru.Forward(x);
        var (re, im) = lru.Lambda();
        var (lr, li, g) = (re.ToArray(), im.ToArray(), lru.GammaLog.Exp().ToArray());
        var (bRe, bIm, cRe, cIm, d, xs) = (lru.BRe.ToArray(), lru.BIm.ToArray(), lru.CRe.ToArray(), lru.CIm.ToArray(), lru.D.ToArray(), x.ToArray());
        var h = new System.Numerics.Complex[2];
        var ys = y.ToArray();
        for (int t = 0; t < 5; t++)
        {
            for (int k = 0; k < 2; k++)
            {
                var bx = System.Numerics.Complex.Zero;
                for (int j = 0; j < 3; j++) bx += new System.Numerics.Complex(bRe[k * 3 + j], bIm[k * 3 + j]) * xs[t * 3 + j];
                h[k] = new System.Numerics.Complex(lr[k], li[k]) * h[k] + g[k] * bx;
            }
            for (int j = 0; j < 3; j++)
            {
                var ch = System.Numerics.Complex.Zero;
                for (int k = 0; k < 2; k++) ch += new System.Numerics.Complex(cRe[j * 2 + k], cIm[j * 2 + k]) * h[k];
                Assert.Equal(ch.Real + d[j] * xs[t * 3 + j], ys[t * 3 + j], 1e-5);
            }
        }
    }

    [Fact]
    public void StateShapeAndNames()
    {
        var net = Create(input: 3, hidden: 4, layers: 2, state: 3);
        Assert.Equal([5, 2, 6], net.ZeroState(5).Tensors[0].Shape.ToArray());
        Assert.Equal(12, net.CreateStepper(5).StateSize);
        var names = net.NamedParameters().Select(p => p.Name).ToHashSet();
        foreach (var n in new[] { "encoder.weight", "blocks.0.lru.nu_log", "blocks.1.lru.B_im", "blocks.1.lru.D", "blocks.0.norm.weight", "blocks.0.out.bias" })
            Assert.Contains(n, names);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Recur.Nn.Lru(4, 4, rMin: 0.9f, rMax: 0.5f));
    }
}
