using Recur.Recurrent;
using Recur.Fused;

namespace Recur.Tests.Recurrent;

/// <summary>
/// The fused scan's backward multiplies each chunk of steps' gate gradients into the weight gradients as soon as the
/// chunk is done. One step per chunk (every boundary crossed, both directions, with lengths) must give the output,
/// dX, dh0 and dc0 bit for bit, and weight and bias gradients that differ only in the order of their sums.
/// </summary>
public class RecurrentScanGradientChunkTests
{
    [Theory]
    [InlineData("lstm", false, false)]
    [InlineData("lstm", true, true)]
    [InlineData("gru", true, false)]
    [InlineData("gru", false, true)]
    [InlineData("rnn_tanh", true, true)]
    public void One_step_chunks_give_the_gradients_of_one_chunk(string kind, bool reverse, bool withLengths)
    {
        var kernel = RecurrentScanGradientTests.Kernel(kind);
        int[]? lengths = withLengths ? [3, 1, 2, 3, 3, 2, 1, 3, 2, 3, 3, 1, 2, 2, 3, 3, 2] : null;
        var whole = RecurrentScanThreadsTests.Run(kernel, lengths, reverse);
        float[][] chunked;
        using (RecurrentScan.ChunkSizes(projectionFloats: 0, gradientFloats: 1)) chunked = RecurrentScanThreadsTests.Run(kernel, lengths, reverse);
        // Run returns the output, then the gradients of x, h0, (c0,) W_ih, W_hh, b_ih, b_hh.
        int states = kernel.HasCellState ? 3 : 2;
        for (int i = 0; i <= states; i++)
            Assert.True(whole[i].AsSpan().SequenceEqual(chunked[i]), $"result {i} differs between one chunk and one step per chunk");
        for (int i = states + 1; i < whole.Length; i++)
        {
            double scale = whole[i].Max(v => Math.Abs(v));
            for (int j = 0; j < whole[i].Length; j++)
                Assert.True(Math.Abs(whole[i][j] - chunked[i][j]) <= 1e-5 * scale, $"result {i}[{j}]: {whole[i][j]} vs {chunked[i][j]}");
            Assert.False(whole[i].AsSpan().SequenceEqual(new float[whole[i].Length]), $"result {i} is all zeros: the comparison would prove nothing");
        }
    }
}

/// <summary>
/// An empty sequence passes the state through: the weights get zero gradients even when the buffers the backward
/// draws from the pool held a previous call's gradients.
/// </summary>
public class RecurrentScanEmptySequenceTests
{
    [Fact]
    public void An_empty_sequence_gives_zero_weight_gradients()
    {
        var g = new Generator(5);
        const int B = 4, I = 8, H = 16, G = 3 * H;
        var w = new RecurrentWeights(Tensor.Uniform(g, -1, 1, G, I).RequireGrad(), Tensor.Uniform(g, -1, 1, G, H).RequireGrad(),
            Tensor.Uniform(g, -1, 1, G).RequireGrad(), Tensor.Uniform(g, -1, 1, G).RequireGrad(), null);
        Tensor Loss(int T, Tensor h0) => (RecurrentScan.Run(GateKernel.Gru, Tensor.Uniform(g, -1, 1, T, B, I), h0, null, w, null, false).H).Sum();
        // Twice, so that the second call's weight gradients are added to the first's and their buffers recycled.
        for (int i = 0; i < 2; i++) Loss(3, Tensor.Uniform(g, -1, 1, B, H)).Backward();
        foreach (var p in w.All()) p.Grad = null;
        var h0 = Tensor.Uniform(g, -1, 1, B, H).RequireGrad();
        Loss(0, h0).Backward();
        foreach (var p in w.All()) Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(h0.Grad!.ToArray(), v => Assert.Equal(1f, v));
    }
}
