using Recur.Fused;
using Recur.Kernels;

namespace Recur.Tests.Recurrent;

/// <summary>
/// On one thread the fused scan computes its input projections in chunks of time steps, just before the steps that
/// read them; one step per chunk (every boundary crossed, both directions) must give the bits of a single chunk.
/// </summary>
public class RecurrentScanProjectionChunkTests
{
    [Theory]
    [InlineData("lstm", false, false)]
    [InlineData("lstm", true, true)]
    [InlineData("gru", true, false)]
    [InlineData("gru", false, true)]
    [InlineData("rnn_relu", true, true)]
    public void One_step_chunks_give_the_bits_of_one_chunk(string kind, bool reverse, bool withLengths)
    {
        var kernel = RecurrentScanGradientTests.Kernel(kind);
        int[]? lengths = withLengths ? [3, 1, 2, 3, 3, 2, 1, 3, 2, 3, 3, 1, 2, 2, 3, 3, 2] : null;
        using var oneThread = Parallelism.Limit(1); // several threads each run their own rows step by step
        var whole = RecurrentScanThreadsTests.Run(kernel, lengths, reverse);
        float[][] chunked;
        using (RecurrentScan.ChunkSizes(projectionFloats: 1, gradientFloats: 0)) chunked = RecurrentScanThreadsTests.Run(kernel, lengths, reverse);
        for (int i = 0; i < whole.Length; i++)
            Assert.True(whole[i].AsSpan().SequenceEqual(chunked[i]), $"result {i} differs between one chunk and one step per chunk");
    }
}
