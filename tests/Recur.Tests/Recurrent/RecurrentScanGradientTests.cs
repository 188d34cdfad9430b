using Recur.Fused;
using Recur.Recurrent;
using Recur.Tests.Autograd;

namespace Recur.Tests.Recurrent;

/// <summary>
/// Finite-difference checks of the fused scan node for every cell kind: forward and reverse direction, with and
/// without lengths, initial states, biases and an LSTM projection. The checked output is the flat tensor holding
/// the output sequence and the final states, so every result's gradient path is covered.
/// </summary>
public class RecurrentScanGradientTests
{
    const int T = 4, B = 3, I = 3, H = 4;

    public static IEnumerable<object[]> Cases()
    {
        foreach (var kind in new[] { "lstm", "gru", "rnn_tanh", "rnn_relu" })
            foreach (bool reverse in new[] { false, true })
                foreach (bool lengths in new[] { false, true })
                    yield return [kind, reverse, lengths];
    }

    internal static GateKernel Kernel(string kind) => kind switch
    {
        "lstm" => GateKernel.Lstm, "gru" => GateKernel.Gru, "rnn_tanh" => GateKernel.RnnTanh, _ => GateKernel.RnnRelu,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScanGradientsMatchFiniteDifferences(string kind, bool reverse, bool withLengths)
    {
        Check(Kernel(kind), reverse, withLengths ? [4, 2, 3] : null, bias: true, proj: 0, seed: 7);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void LstmProjectionGradientsMatchFiniteDifferences(bool reverse, bool withLengths)
    {
        Check(GateKernel.Lstm, reverse, withLengths ? [1, 4, 2] : null, bias: true, proj: 2, seed: 8);
    }

    [Fact]
    public void GruWithoutBiasGradientsMatchFiniteDifferences()
    {
        Check(GateKernel.Gru, reverse: false, lengths: null, bias: false, proj: 0, seed: 9);
    }

    static void Check(GateKernel kernel, bool reverse, int[]? lengths, bool bias, int proj, ulong seed)
    {
        var g = new Generator(seed);
        int P = proj > 0 ? proj : H, G = kernel.Gates * H;
        var inputs = new List<Tensor>
        {
            Tensor.Uniform(g, -1, 1, T, B, I), Tensor.Uniform(g, -1, 1, B, P),
            Tensor.Uniform(g, -0.6f, 0.6f, G, I), Tensor.Uniform(g, -0.6f, 0.6f, G, P),
        };
        if (kernel.HasCellState) inputs.Add(Tensor.Uniform(g, -1, 1, B, H));
        if (bias) { inputs.Add(Tensor.Uniform(g, -0.5f, 0.5f, G)); inputs.Add(Tensor.Uniform(g, -0.5f, 0.5f, G)); }
        if (proj > 0) inputs.Add(Tensor.Uniform(g, -0.6f, 0.6f, P, H));
        GradientCheck.Assert(a =>
        {
            int k = 4;
            var c0 = kernel.HasCellState ? a[k++] : null;
            Tensor? bih = bias ? a[k++] : null, bhh = bias ? a[k++] : null;
            var whr = proj > 0 ? a[k++] : null;
            var w = new RecurrentWeights(a[2], a[3], bih, bhh, whr);
            return RecurrentScan.Run(kernel, a[0], a[1], c0, w, lengths, reverse).Packed;
        }, inputs.ToArray());
    }
}
