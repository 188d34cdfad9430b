using Recur.Fused;
using Recur.Recurrent;

namespace Recur.Tests.Recurrent;

/// <summary>
/// In inference without lengths the scan writes its states straight into the result and hands out views of them;
/// the output and final states must be the bits a recorded (training) call gives, in both directions.
/// </summary>
public class RecurrentScanInferenceTests
{
    [Theory]
    [InlineData("lstm", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", false)]
    [InlineData("gru", true)]
    public void Inference_gives_the_bits_of_a_recorded_call(string kind, bool reverse)
    {
        var kernel = RecurrentScanGradientTests.Kernel(kind);
        const int T = 4, B = 17, I = 5, H = 24;
        var g = new Generator(43);
        int G = kernel.Gates * H;
        var x = Tensor.Uniform(g, -1, 1, T, B, I).RequireGrad();
        var h0 = Tensor.Uniform(g, -1, 1, B, H);
        var c0 = kernel.HasCellState ? Tensor.Uniform(g, -1, 1, B, H) : null;
        var w = new RecurrentWeights(Tensor.Uniform(g, -0.3f, 0.3f, G, I), Tensor.Uniform(g, -0.3f, 0.3f, G, H),
            Tensor.Uniform(g, -0.1f, 0.1f, G), Tensor.Uniform(g, -0.1f, 0.1f, G), null);
        var recorded = RecurrentScan.Run(kernel, x, h0, c0, w, null, reverse);
        RecurrentScan.ScanResult inferred;
        using (Tensor.NoGrad()) inferred = RecurrentScan.Run(kernel, x, h0, c0, w, null, reverse);
        // The direct layout (h_n not just after the output), or this proves nothing.
        Assert.False(inferred.Output.Offset == 0 && inferred.H.Offset == inferred.Output.Count);
        Assert.Equal(recorded.Output.ToArray(), inferred.Output.ToArray());
        Assert.Equal(recorded.H.ToArray(), inferred.H.ToArray());
        if (c0 is not null) Assert.Equal(recorded.C!.ToArray(), inferred.C!.ToArray());
        Assert.Equal(recorded.Packed.ToArray(), inferred.Packed.ToArray());
    }
}
