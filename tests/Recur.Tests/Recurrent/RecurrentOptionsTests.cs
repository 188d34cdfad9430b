using Recur.Nn;
using Recur.Tests.Autograd;
using static Recur.Tests.Recurrent.ScalarCells;

namespace Recur.Tests.Recurrent;

/// <summary>Residual connections, variational dropout, DropConnect and per-layer initialisation.</summary>
public class RecurrentOptionsTests
{
    static Tensor Rand(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1, 1, shape);

    /// <summary>A generator in the same state as <paramref name="g"/>, to redraw the masks a network will draw next.</summary>
    static Generator Twin(Generator g) => new(0) { State = g.State };

    static Dictionary<string, Tensor> Layer(Module net, int layer) => net.NamedParameters()
        .Where(p => p.Name.EndsWith($"_l{layer}")).ToDictionary(p => p.Name[..^1] + "0", p => p.Parameter);

    [Fact]
    public void ResidualConnectionsAddEachLayersInput()
    {
        var net = new Gru(4, 4, numLayers: 3, generator: new Generator(1), options: new RecurrentOptions { ResidualFrom = 1 });
        var layers = Enumerable.Range(0, 3).Select(k => { var g = new Gru(4, 4); g.LoadStateDict(Layer(net, k)); return g; }).ToArray();
        var x = Rand(2, 5, 2, 4);
        var y0 = layers[0].Forward(x).Output;
        var y1 = layers[1].Forward(y0).Output + y0;
        var y2 = layers[2].Forward(y1).Output + y1;
        TorchFixtureTests.Close(y2, net.Forward(x).Output, "output");

        var e = Assert.Throws<ArgumentException>(() => new Lstm(3, 4, numLayers: 2, options: new RecurrentOptions { ResidualFrom = 0 }));
        Assert.Contains("3 features", e.Message);
        new Lstm(3, 2, numLayers: 2, bidirectional: true, options: new RecurrentOptions { ResidualFrom = 1 }); // 2·2 = 4 features in and out
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, numLayers: 2, options: new RecurrentOptions { ResidualFrom = 2 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, options: new RecurrentOptions { StateDropout = 1f }));
        Assert.Throws<NotSupportedException>(() => net.CreateStepper());
    }

    [Fact]
    public void InputAndOutputMasksAreOnePerSequence()
    {
        var g = new Generator(3);
        var net = new Lstm(3, 4, generator: g, options: new RecurrentOptions { InputDropout = 0.5f, OutputDropout = 0.4f });
        var x = Rand(4, 6, 2, 3);
        var twin = Twin(g);
        var inputMask = Functional.DropoutMask([1, 2, 3], 0.5f, twin);
        var outputMask = Functional.DropoutMask([1, 2, 4], 0.4f, twin);
        var y = net.Forward(x).Output;
        net.Eval();
        var expected = net.Forward(x * inputMask).Output * outputMask;
        Assert.Equal(expected.ToArray(), y.ToArray());
        Assert.Contains(0f, inputMask.ToArray());
        Assert.Contains(0f, outputMask.ToArray());
        // Each masked (b, j) is zero at every time step.
        var zeroed = outputMask.ToArray().Select((m, i) => (m, i)).Where(p => p.m == 0).Select(p => p.i).ToArray();
        for (int t = 0; t < 6; t++) Assert.All(zeroed, i => Assert.Equal(0f, y.Select(0, t).ToArray()[i]));
    }

    [Fact]
    public void StateDropoutMasksTheRecurrentInputAtEveryStep()
    {
        // GRU and LSTM against the scalar equations with the same (B, H) mask at every step on h_{t−1} in W_hh·h
        // only: GRU's z ⊙ h_{t−1} and the state carried on stay unmasked.
        var g = new Generator(5);
        var gru = new Gru(3, 4, generator: g, options: new RecurrentOptions { StateDropout = 0.5f });
        var x = Rand(6, 4, 2, 3);
        var h0 = Rand(7, 1, 2, 4);
        var mask = Functional.DropoutMask([2, 4], 0.5f, Twin(g));
        var (y, _) = gru.Forward(x, new RecurrentState(h0));
        var p = gru.StateDict();
        for (int b = 0; b < 2; b++)
        {
            var h = Row(h0.Select(0, 0), b);
            for (int t = 0; t < 4; t++)
            {
                h = Gru(p["weight_ih_l0"].ToArray(), p["weight_hh_l0"].ToArray(), p["bias_ih_l0"].ToArray(), p["bias_hh_l0"].ToArray(),
                    Row(x.Select(0, t), b), h, Row(mask, b));
                Close(h, y.Select(0, t), b, $"gru t={t}");
            }
        }

        var lstm = new Lstm(3, 4, generator: g, options: new RecurrentOptions { StateDropout = 0.5f });
        mask = Functional.DropoutMask([2, 4], 0.5f, Twin(g));
        (y, _) = lstm.Forward(x);
        p = lstm.StateDict();
        var ps = new LstmParams(p["weight_ih_l0"].ToArray(), p["weight_hh_l0"].ToArray(),
            p["bias_ih_l0"].ToArray().Zip(p["bias_hh_l0"].ToArray(), (a, c) => a + c).ToArray());
        for (int b = 0; b < 2; b++)
        {
            var (h, c) = (new double[4], new double[4]);
            for (int t = 0; t < 4; t++)
            {
                (h, c) = Lstm(ps, Row(x.Select(0, t), b), h, c, Row(mask, b));
                Close(h, y.Select(0, t), b, $"lstm t={t}");
            }
        }
        lstm.Eval();
        var plain = new Lstm(3, 4);
        plain.LoadStateDict(lstm.StateDict());
        Assert.Equal(plain.Forward(x).Output.ToArray(), lstm.Forward(x).Output.ToArray());
    }

    [Fact]
    public void DropConnectMasksTheRecurrentWeightsOncePerForward()
    {
        var g = new Generator(8);
        var net = new Lstm(3, 4, numLayers: 2, generator: g, options: new RecurrentOptions { WeightDropout = 0.5f });
        var x = Rand(9, 5, 2, 3);
        var twin = Twin(g);
        var masks = new[] { Functional.DropoutMask([16, 4], 0.5f, twin), Functional.DropoutMask([16, 4], 0.5f, twin) };
        var y = net.Forward(x).Output;
        var reference = new Lstm(3, 4, numLayers: 2);
        var state = net.StateDict().ToDictionary(p => p.Key, p => p.Value.Detach());
        for (int k = 0; k < 2; k++) state[$"weight_hh_l{k}"] = state[$"weight_hh_l{k}"] * masks[k];
        reference.LoadStateDict(state);
        Assert.Equal(reference.Forward(x).Output.ToArray(), y.ToArray());
    }

    [Fact]
    public void DropoutPathsGradientsMatchFiniteDifferences()
    {
        // The masks are redrawn at every forward, so each evaluation restarts the generator from the same state.
        var g = new Generator(10);
        var options = new RecurrentOptions { StateDropout = 0.3f, WeightDropout = 0.3f, InputDropout = 0.2f, ResidualFrom = 1 };
        var gru = new Gru(2, 2, numLayers: 2, bidirectional: true, generator: g, options: options);
        var start = g.State;
        var whh = gru.StateDict()["weight_hh_l1_reverse"];
        GradientCheck.Assert(a => { g.State = start; return gru.Forward(a[0], new RecurrentState(a[1]), [3, 2]).Output; },
            Rand(11, 3, 2, 2), Rand(12, 4, 2, 2), whh);

        var lstm = new Lstm(2, 3, projSize: 2, generator: g, options: new RecurrentOptions { StateDropout = 0.3f });
        start = g.State;
        GradientCheck.Assert(a => { g.State = start; var (y, s) = lstm.Forward(a[0], new RecurrentState(a[1], a[2])); return Tensor.Concat([y.Reshape(-1), s.C!.Reshape(-1)], 0); },
            Rand(13, 3, 2, 2), Rand(14, 1, 2, 2), Rand(15, 1, 2, 3));
    }

    [Fact]
    public void InitialisationChosenPerLayer()
    {
        var lstm = new Lstm(3, 6, numLayers: 3, generator: new Generator(16),
            options: new RecurrentOptions { LayerInit = k => k == 1 ? RecurrentInit.Recommended : RecurrentInit.Default });
        var p = lstm.StateDict();
        for (int k = 0; k < 3; k++)
        {
            var whh = p[$"weight_hh_l{k}"].ToArray();
            var forget = p[$"bias_ih_l{k}"].ToArray()[6..12].Zip(p[$"bias_hh_l{k}"].ToArray()[6..12], (a, b) => a + b).ToArray();
            double worst = 0;
            for (int gate = 0; gate < 4; gate++)
                for (int r = 0; r < 6; r++)
                    for (int s = 0; s < 6; s++)
                    {
                        double dot = 0;
                        for (int j = 0; j < 6; j++) dot += whh[(gate * 6 + r) * 6 + j] * whh[(gate * 6 + s) * 6 + j];
                        worst = Math.Max(worst, Math.Abs(dot - (r == s ? 1 : 0)));
                    }
            if (k == 1)
            {
                Assert.True(worst < 1e-4, $"layer 1 recurrent blocks are not orthogonal (error {worst})");
                Assert.All(forget, v => Assert.Equal(1f, v));
            }
            else
            {
                Assert.True(worst > 0.1, $"layer {k} recurrent blocks are orthogonal, but it asked for the default");
                Assert.DoesNotContain(1f, forget);
            }
        }
    }
}
