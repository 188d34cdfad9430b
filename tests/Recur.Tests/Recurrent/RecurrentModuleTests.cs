using Recur.Nn;
using Recur.Serialization;
using Recur.Tests.Autograd;

namespace Recur.Tests.Recurrent;

public class RecurrentModuleTests
{
    [Fact]
    public void ParameterCountsEqualPyTorch()
    {
        // sum(p.numel() for p in nn.RNN/LSTM/GRU(128, 256).parameters()) in PyTorch 1.13: G·H·(I + H) weights plus
        // two bias vectors (b_ih and b_hh) of G·H each. (98,560 / 394,240 / 295,680, one bias vector fewer, is the
        // count of a single-bias layout such as Keras's, not PyTorch's.)
        Assert.Equal(98_816, new Rnn(128, 256).ParameterCount);
        Assert.Equal(395_264, new Lstm(128, 256).ParameterCount);
        Assert.Equal(296_448, new Gru(128, 256).ParameterCount);
        Assert.Equal(98_816, new RnnCell(128, 256).ParameterCount);
        Assert.Equal(395_264, new LstmCell(128, 256).ParameterCount);
        Assert.Equal(296_448, new GruCell(128, 256).ParameterCount);
    }

    [Theory]
    [InlineData("rnn_tanh_l1_uni.safetensors")]
    [InlineData("rnn_relu_l1_uni.safetensors")]
    [InlineData("lstm_l1_uni.safetensors")]
    [InlineData("gru_l1_uni.safetensors")]
    public void CellsScannedByHandMatchPyTorchLayers(string name)
    {
        var file = Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rnn", name));
        var t = file.Tensors;
        string kind = file.Metadata["kind"];
        RecurrentCell cell = kind switch
        {
            "lstm" => new LstmCell(4, 6), "gru" => new GruCell(4, 6),
            _ => new RnnCell(4, 6, nonlinearity: kind == "rnn_relu" ? RnnNonlinearity.Relu : RnnNonlinearity.Tanh),
        };
        cell.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight_ih"] = t["param.weight_ih_l0"], ["weight_hh"] = t["param.weight_hh_l0"],
            ["bias_ih"] = t["param.bias_ih_l0"], ["bias_hh"] = t["param.bias_hh_l0"],
        });
        var x = t["input"];
        RecurrentState? state = null;
        for (int step = 0; step < x.Size(0); step++)
        {
            state = cell.Forward(x.Select(0, step), state);
            TorchFixtureTests.Close(t["output"].Select(0, step), state.Value.H, $"h at step {step}");
        }
        if (cell.HasCellState) TorchFixtureTests.Close(t["c_n"].Select(0, 0), state!.Value.C!, "c_n");
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void StepperMatchesCellForward(string kind)
    {
        var g = new Generator(11);
        RecurrentCell cell = kind switch { "lstm" => new LstmCell(5, 19, generator: g), "gru" => new GruCell(5, 19, generator: g), _ => new RnnCell(5, 19, generator: g) };
        const int B = 2;
        var stepper = cell.CreateStepper(B);
        var h = new float[B * 19];
        var c = new float[cell.HasCellState ? B * 19 : 0];
        RecurrentState? state = null;
        using var _ = Tensor.NoGrad();
        for (int step = 0; step < 6; step++)
        {
            var x = Tensor.Uniform(g, -1, 1, B, 5);
            state = cell.Forward(x, state);
            stepper.Step(x.AsSpan(), h, c);
            TorchFixtureTests.Close(state.Value.H, Tensor.FromArray(h, B, 19), $"h at step {step}");
            if (cell.HasCellState) TorchFixtureTests.Close(state.Value.C!, Tensor.FromArray(c, B, 19), $"c at step {step}");
        }
    }

    [Fact]
    public void DetachedStatesCarryAcrossChunksLikeOneLongSequence()
    {
        var lstm = new Lstm(3, 5, numLayers: 2, generator: new Generator(3));
        var x = Tensor.Uniform(new Generator(4), -1, 1, 8, 2, 3);
        var (whole, wholeState) = lstm.Forward(x);
        var (first, state) = lstm.Forward(x.Narrow(0, 0, 5));
        var (second, last) = lstm.Forward(x.Narrow(0, 5, 3), state.Detach());
        TorchFixtureTests.Close(whole.Narrow(0, 0, 5), first, "first chunk");
        TorchFixtureTests.Close(whole.Narrow(0, 5, 3), second, "second chunk");
        TorchFixtureTests.Close(wholeState.C!, last.C!, "c_n");

        // Truncated BPTT: the second chunk's loss reaches the weights but not the first chunk's graph.
        second.Sum().Backward();
        Assert.All(lstm.Parameters(), p => Assert.NotNull(p.Grad));
        Assert.False(state.Detach().H.RequiresGrad);
    }

    [Fact]
    public void OrthogonalRecurrentWeightsAndForgetBias()
    {
        var lstm = new Lstm(3, 8, init: RecurrentInit.Recommended, generator: new Generator(9));
        var whh = lstm.StateDict()["weight_hh_l0"].ToArray();
        for (int gate = 0; gate < 4; gate++)
            for (int r = 0; r < 8; r++)
                for (int s = 0; s < 8; s++)
                {
                    double dot = 0;
                    for (int k = 0; k < 8; k++) dot += whh[(gate * 8 + r) * 8 + k] * whh[(gate * 8 + s) * 8 + k];
                    Assert.Equal(r == s ? 1.0 : 0.0, dot, 4);
                }
        var bih = lstm.StateDict()["bias_ih_l0"].ToArray();
        var bhh = lstm.StateDict()["bias_hh_l0"].ToArray();
        for (int j = 8; j < 16; j++) Assert.Equal(1f, bih[j] + bhh[j]);

        var plain = new Lstm(3, 8, generator: new Generator(9));
        float bound = 1f / MathF.Sqrt(8);
        Assert.All(plain.Parameters().SelectMany(p => p.ToArray()), v => Assert.InRange(v, -bound, bound));
        Assert.Contains(plain.StateDict()["bias_ih_l0"].ToArray()[8..16], v => v != 1f);
    }

    [Fact]
    public void BidirectionalStackGradientsMatchFiniteDifferences()
    {
        var gru = new Gru(2, 3, numLayers: 2, bidirectional: true, batchFirst: true, generator: new Generator(21));
        var x = Tensor.Uniform(new Generator(22), -1, 1, 2, 3, 2);
        var h0 = Tensor.Uniform(new Generator(23), -1, 1, 4, 2, 3);
        GradientCheck.Assert(a => gru.Forward(a[0], new RecurrentState(a[1]), [3, 2]).Output, x, h0);
    }

    [Fact]
    public void BadShapesAndLengthsGetClearErrors()
    {
        var lstm = new Lstm(4, 6, numLayers: 2);
        var e1 = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(5, 3, 7)));
        Assert.Contains("(T, B, 4)", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(5, 3, 4), null, [5, 0, 2]));
        Assert.Contains("lengths[1]", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros(5, 3, 4), new RecurrentState(Tensor.Zeros(1, 3, 6))));
        Assert.Contains("(2, 3, 6)", e3.Message);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("lstm_proj")]
    [InlineData("gru")]
    public void NetworkStepperMatchesSequenceForward(string kind)
    {
        var g = new Generator(41);
        RecurrentNetwork net = kind switch
        {
            "lstm" => new Lstm(3, 9, numLayers: 2, generator: g),
            "lstm_proj" => new Lstm(3, 9, numLayers: 2, projSize: 4, generator: g),
            _ => new Gru(3, 9, numLayers: 2, generator: g),
        };
        const int T = 5, B = 2;
        var x = Tensor.Uniform(g, -1, 1, T, B, 3);
        using var _ = Tensor.NoGrad();
        var (output, state) = net.Forward(x);
        var stepper = net.CreateStepper(B);
        int P = net.OutputSize;
        var h = new float[2 * B * P];
        var c = new float[kind.StartsWith("lstm") ? 2 * B * 9 : 0];
        for (int t = 0; t < T; t++)
        {
            stepper.Step(x.Select(0, t).Contiguous().AsSpan(), h, c);
            TorchFixtureTests.Close(output.Select(0, t), Tensor.FromArray(h.AsSpan(B * P), B, P), $"top h at step {t}");
        }
        TorchFixtureTests.Close(state.H, Tensor.FromArray(h, 2, B, P), "h_n");
        if (state.C is not null) TorchFixtureTests.Close(state.C, Tensor.FromArray(c, 2, B, 9), "c_n");
    }

    [Fact]
    public void DropoutActsBetweenLayersOnlyInTraining()
    {
        var lstm = new Lstm(3, 6, numLayers: 2, dropout: 0.5f, generator: new Generator(51));
        var x = Tensor.Uniform(new Generator(52), -1, 1, 4, 2, 3);
        var (train, _) = lstm.Forward(x);
        lstm.Eval();
        var (eval1, _) = lstm.Forward(x);
        var (eval2, _) = lstm.Forward(x);
        Assert.Equal(eval1.ToArray(), eval2.ToArray());
        Assert.NotEqual(eval1.ToArray(), train.ToArray());

        // One layer: nothing lies between layers, so dropout changes nothing even in training.
        var single = new Lstm(3, 6, dropout: 0.5f, generator: new Generator(53));
        Assert.Equal(single.Forward(x).Output.ToArray(), single.Forward(x).Output.ToArray());
    }
}
