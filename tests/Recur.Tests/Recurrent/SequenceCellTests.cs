using Recur.Nn;
using Recur.Tests.Autograd;
using static Recur.Tests.Recurrent.ScalarCells;

namespace Recur.Tests.Recurrent;

/// <summary>Layer-normalised and peephole cells against the scalar equations, gradient checks, and CellNetwork.</summary>
public class SequenceCellTests
{
    static Tensor Rand(int seed, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), -1, 1, shape);

    [Fact]
    public void LayerNormLstmCellMatchesScalarEquations()
    {
        var cell = new LayerNormLstmCell(3, 4, generator: new Generator(1));
        // Gains away from 1 and a non-zero shift, so that a cell ignoring them fails.
        foreach (var p in new[] { cell.InputGain, cell.HiddenGain, cell.CellGain }) Init.Uniform(p, 0.5f, 1.5f, new Generator(2));
        Init.Uniform(cell.CellShift, -0.5f, 0.5f, new Generator(3));
        var (x, h, c, mask) = (Rand(4, 2, 3), Rand(5, 2, 4), Rand(6, 2, 4), Tensor.FromArray([2, 0, 2, 2, 0, 2, 2, 0], 2, 4));
        var ps = new LstmParams(cell.WeightIh.ToArray(), cell.WeightHh.ToArray(), cell.Bias.ToArray(),
            GainIh: cell.InputGain.ToArray(), GainHh: cell.HiddenGain.ToArray(), GainC: cell.CellGain.ToArray(), ShiftC: cell.CellShift.ToArray());
        var plain = cell.Forward(x, new RecurrentState(h, c));
        var masked = cell.Step(x, new RecurrentState(h, c), mask);
        for (int b = 0; b < 2; b++)
        {
            var (rh, rc) = Lstm(ps, Row(x, b), Row(h, b), Row(c, b));
            Close(rh, plain.H, b, "h"); Close(rc, plain.C!, b, "c");
            (rh, rc) = Lstm(ps, Row(x, b), Row(h, b), Row(c, b), Row(mask, b));
            Close(rh, masked.H, b, "masked h"); Close(rc, masked.C!, b, "masked c");
        }
    }

    [Fact]
    public void LayerNormGruCellMatchesScalarEquations()
    {
        var cell = new LayerNormGruCell(3, 4, generator: new Generator(7));
        Init.Uniform(cell.InputGain, 0.5f, 1.5f, new Generator(8));
        Init.Uniform(cell.HiddenGain, 0.5f, 1.5f, new Generator(9));
        var (x, h, mask) = (Rand(10, 2, 3), Rand(11, 2, 4), Tensor.FromArray([0, 2, 2, 2, 2, 2, 0, 0], 2, 4));
        var next = cell.Step(x, new RecurrentState(h), mask);
        for (int b = 0; b < 2; b++)
            Close(Gru(cell.WeightIh.ToArray(), cell.WeightHh.ToArray(), cell.BiasIh.ToArray(), cell.BiasHh.ToArray(),
                Row(x, b), Row(h, b), Row(mask, b), cell.InputGain.ToArray(), cell.HiddenGain.ToArray()), next.H, b, "h");
    }

    [Fact]
    public void PeepholeLstmCellMatchesScalarEquationsAndIsLstmCellWithoutPeepholes()
    {
        var cell = new PeepholeLstmCell(3, 4, generator: new Generator(12));
        var (x, h, c) = (Rand(13, 2, 3), Rand(14, 2, 4), Rand(15, 2, 4));
        var bias = cell.BiasIh.ToArray().Zip(cell.BiasHh.ToArray(), (a, b) => a + b).ToArray();
        var next = cell.Forward(x, new RecurrentState(h, c));
        var ps = new LstmParams(cell.WeightIh.ToArray(), cell.WeightHh.ToArray(), bias, cell.WeightCi.ToArray(), cell.WeightCf.ToArray(), cell.WeightCo.ToArray());
        for (int b = 0; b < 2; b++)
        {
            var (rh, rc) = Lstm(ps, Row(x, b), Row(h, b), Row(c, b));
            Close(rh, next.H, b, "h"); Close(rc, next.C!, b, "c");
        }

        foreach (var p in new[] { cell.WeightCi, cell.WeightCf, cell.WeightCo }) p.AsSpan().Clear();
        var lstm = new LstmCell(3, 4);
        lstm.LoadStateDict(cell.StateDict().Where(p => !p.Key.StartsWith("weight_c")).ToDictionary());
        var expected = lstm.Forward(x, new RecurrentState(h, c));
        var actual = cell.Forward(x, new RecurrentState(h, c));
        TorchFixtureTests.Close(expected.H, actual.H, "h");
        TorchFixtureTests.Close(expected.C!, actual.C!, "c");
    }

    [Fact]
    public void ComposedCellGradientsMatchFiniteDifferences()
    {
        var mask = Tensor.FromArray([2, 0, 2, 2, 2, 0], 2, 3);
        var lstm = new LayerNormLstmCell(2, 3, generator: new Generator(16));
        Init.Uniform(lstm.CellShift, -0.5f, 0.5f, new Generator(17));
        var (x, h, c) = (Rand(18, 2, 2), Rand(19, 2, 3), Rand(20, 2, 3));
        GradientCheck.Assert(a => { var s = lstm.Step(a[0], new RecurrentState(a[1], a[2]), mask); return Tensor.Concat([s.H, s.C!], 1); },
            [x, h, c, lstm.WeightHh, lstm.InputGain, lstm.CellGain, lstm.CellShift], 1e-2, 2e-2, 2e-3);

        var gru = new LayerNormGruCell(2, 3, generator: new Generator(21));
        GradientCheck.Assert(a => gru.Step(a[0], new RecurrentState(a[1]), mask).H, [x, h, gru.WeightIh, gru.BiasHh, gru.HiddenGain], 1e-2, 2e-2, 2e-3);

        var peep = new PeepholeLstmCell(2, 3, generator: new Generator(22));
        GradientCheck.Assert(a => { var s = peep.Step(a[0], new RecurrentState(a[1], a[2]), null); return Tensor.Concat([s.H, s.C!], 1); },
            [x, h, c, peep.WeightCi, peep.WeightCf, peep.WeightCo], 1e-2, 2e-2, 2e-3);
    }

    [Fact]
    public void PeepholeNetworkWithoutPeepholesIsTheFusedLstmInEveryLayout()
    {
        // Stacked, bidirectional, batch-first, with lengths: the composed step path against the fused scan.
        var net = new CellNetwork(3, 2, (layer, inputs) => new PeepholeLstmCell(inputs, 4, generator: new Generator(30 + (ulong)layer)),
            batchFirst: true, bidirectional: true);
        var lstm = new Lstm(3, 4, numLayers: 2, batchFirst: true, bidirectional: true);
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, p) in net.NamedParameters())
        {
            var parts = name.Split('.'); // l1_reverse.weight_ih -> weight_ih_l1_reverse
            if (parts[1].StartsWith("weight_c")) { p.AsSpan().Clear(); continue; }
            state[parts[1] + "_" + parts[0]] = p;
        }
        lstm.LoadStateDict(state);
        var x = Rand(31, 3, 5, 3);
        var initial = new RecurrentState(Rand(32, 4, 3, 4), Rand(33, 4, 3, 4));
        int[] lengths = [5, 2, 4];
        var (expected, expectedState) = lstm.Forward(x, initial, lengths);
        var (actual, actualState) = net.Forward(x, initial, lengths);
        TorchFixtureTests.Close(expected, actual, "output");
        TorchFixtureTests.Close(expectedState.H, actualState.H, "h_n");
        TorchFixtureTests.Close(expectedState.C!, actualState.C!, "c_n");
    }

    [Fact]
    public void CellNetworkGradientsMatchFiniteDifferences()
    {
        var net = new CellNetwork(2, 2, (layer, inputs) => new LayerNormGruCell(inputs, 2, generator: new Generator(40 + (ulong)layer)), bidirectional: true);
        var x = Rand(41, 3, 2, 2);
        var h0 = Rand(42, 4, 2, 2);
        GradientCheck.Assert(a => net.Forward(a[0], new RecurrentState(a[1]), [3, 2]).Output, x, h0);
    }

    [Fact]
    public void CellNetworkRejectsMismatchedCells()
    {
        var e = Assert.Throws<ArgumentException>(() => new CellNetwork(3, 2, (layer, inputs) => new LayerNormGruCell(3, layer == 0 ? 4 : 5)));
        Assert.Contains("layer 1", e.Message);
        Assert.Throws<ArgumentException>(() => new CellNetwork(3, 1, (_, inputs) => new PeepholeLstmCell(inputs, 4),
            options: new RecurrentOptions { WeightDropout = 0.5f }));
    }
}
