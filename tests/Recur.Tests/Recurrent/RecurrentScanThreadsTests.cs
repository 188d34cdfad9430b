using Recur.Fused;
using Recur.Kernels;
using Recur.Recurrent;

namespace Recur.Tests.Recurrent;

/// <summary>
/// On two threads the fused scan gives each thread its own batch rows (here 8 and 9) for the whole time loop, forward
/// and backward; rows are independent, so the output and every gradient must be bit-for-bit those of one thread.
/// </summary>
public class RecurrentScanThreadsTests
{
    const int T = 3, B = 17, I = 5, H = 512;

    [Theory]
    [InlineData("lstm", false)]
    [InlineData("lstm", true)]
    [InlineData("gru", false)]
    [InlineData("gru", true)]
    [InlineData("rnn_tanh", true)]
    [InlineData("lstm", true, true)]
    [InlineData("gru", false, true)]
    public void Two_threads_give_the_bits_of_one(string kind, bool withLengths, bool reverse = false)
    {
        var kernel = RecurrentScanGradientTests.Kernel(kind);
        // On one part the comparison would prove nothing.
        using (Parallelism.Limit(2)) Assert.Equal(2, RecurrentScan.RowParts(B));
        int[]? lengths = withLengths ? [3, 1, 2, 3, 3, 2, 1, 3, 2, 3, 3, 1, 2, 2, 3, 3, 2] : null;
        float[][] one, two;
        using (Parallelism.Limit(1)) one = Run(kernel, lengths, reverse);
        using (Parallelism.Limit(2)) two = Run(kernel, lengths, reverse);
        for (int i = 0; i < one.Length; i++)
            Assert.True(one[i].AsSpan().SequenceEqual(two[i]), $"result {i} differs between one and two threads");
    }

    // The packed output and the gradient of every input, for a fixed weighting of the output.
    internal static float[][] Run(GateKernel kernel, int[]? lengths, bool reverse)
    {
        var g = new Generator(41);
        int G = kernel.Gates * H;
        var x = Tensor.Uniform(g, -1, 1, T, B, I).RequireGrad();
        var h0 = Tensor.Uniform(g, -1, 1, B, H).RequireGrad();
        var c0 = kernel.HasCellState ? Tensor.Uniform(g, -1, 1, B, H).RequireGrad() : null;
        var w = new RecurrentWeights(Tensor.Uniform(g, -0.1f, 0.1f, G, I).RequireGrad(), Tensor.Uniform(g, -0.05f, 0.05f, G, H).RequireGrad(),
            Tensor.Uniform(g, -0.1f, 0.1f, G).RequireGrad(), Tensor.Uniform(g, -0.1f, 0.1f, G).RequireGrad(), null);
        var packed = RecurrentScan.Run(kernel, x, h0, c0, w, lengths, reverse).Packed;
        var weighting = Tensor.Uniform(g, -1, 1, packed.Shape.ToArray());
        (packed * weighting).Sum().Backward();
        var inputs = new List<Tensor> { x, h0 };
        if (c0 is not null) inputs.Add(c0);
        inputs.AddRange(w.All());
        return [packed.ToArray(), .. inputs.Select(t => t.Grad!.ToArray())];
    }
}
