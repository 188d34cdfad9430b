using Recur.Nn;

namespace Recur.Tests.Recurrent;

public class RecurrentDiagnosticsTests
{
    [Fact]
    public void GradientNormsFollowTheProductOfJacobiansAndVanish()
    {
        // A one-unit tanh RNN, h_t = tanh(u x_t + w h_{t−1}), loss L = h_{T−1}. By the chain rule
        // ∂L/∂h_t = ∏_{s=t+1}^{T−1} w (1 − h_s²) and ∂L/∂x_t = ∂L/∂h_t · u (1 − h_t²): with |w| < 1 the norms fall
        // at least geometrically, by a factor |w| or more per step back.
        const float u = 0.9f, w = 0.5f;
        const int T = 12;
        var rnn = new Rnn(1, 1, bias: false);
        rnn.LoadStateDict(new Dictionary<string, Tensor> { ["weight_ih_l0"] = Tensor.FromArray([u], 1, 1), ["weight_hh_l0"] = Tensor.FromArray([w], 1, 1) });
        var x = Tensor.Uniform(new Generator(1), -1, 1, T, 1, 1);

        var h = new double[T];
        double prev = 0;
        for (int t = 0; t < T; t++) prev = h[t] = Math.Tanh(u * x[t, 0, 0] + w * prev);
        var dh = new double[T];
        dh[T - 1] = 1;
        for (int t = T - 2; t >= 0; t--) dh[t] = dh[t + 1] * w * (1 - h[t + 1] * h[t + 1]);

        var inputNorms = RecurrentDiagnostics.InputGradientNorms(v => rnn.Forward(v).Output.Select(0, T - 1).Sum(), x);
        var cell = new RnnCell(1, 1, bias: false);
        cell.LoadStateDict(new Dictionary<string, Tensor> { ["weight_ih"] = Tensor.FromArray([u], 1, 1), ["weight_hh"] = Tensor.FromArray([w], 1, 1) });
        var stateNorms = RecurrentDiagnostics.StateGradientNorms((v, s) => cell.Forward(v, s), x, new RecurrentState(Tensor.Zeros(1, 1)),
            states => states.Select(0, T - 1).Sum());
        for (int t = 0; t < T; t++)
        {
            Assert.Equal(Math.Abs(dh[t] * u * (1 - h[t] * h[t])), inputNorms[t], 1e-6);
            Assert.Equal(Math.Abs(dh[t]), stateNorms[t], 1e-6);
            if (t > 0) Assert.True(stateNorms[t - 1] <= w * stateNorms[t] + 1e-7, $"step {t}: {stateNorms[t - 1]} > {w}·{stateNorms[t]}");
        }
        Assert.True(stateNorms[0] < 1e-3 && inputNorms[0] < 1e-3, "the gradient of the first step has not vanished");
    }
}
