using Recur.Kernels;
using Recur.Kernels.Convolution;

namespace Recur.Tests.Kernels;

/// <summary>
/// The shifted-row GEMM convolution against the direct loops of <see cref="Conv1dReference"/>: forward, input,
/// weight and bias gradients at odd sizes with stride, dilation, groups (depthwise included), symmetric and causal
/// padding, taps that fall wholly in the padding, on one and two threads. Re-run with DOTNET_EnableAVX512F=0 and
/// DOTNET_EnableAVX2=0 for the narrower GEMM paths.
/// </summary>
public class Conv1dKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int, int> Geometries() => new()
    {
        // batch, in, out, length, kernel, stride, dilation, padLeft, padRight, groups
        { 1, 1, 1, 1, 1, 1, 1, 0, 0, 1 },
        { 3, 5, 7, 13, 3, 1, 1, 0, 0, 1 },
        { 2, 3, 5, 17, 3, 1, 4, 8, 0, 1 },       // causal, dilation 4
        { 3, 4, 6, 19, 5, 2, 1, 2, 2, 2 },       // stride 2, groups 2
        { 2, 6, 6, 23, 3, 1, 3, 3, 3, 6 },       // depthwise, dilation 3
        { 2, 6, 12, 11, 4, 3, 2, 5, 1, 3 },      // stride 3, uneven padding
        { 1, 2, 3, 3, 7, 1, 1, 6, 6, 1 },        // some taps only ever see padding
        { 5, 33, 31, 57, 3, 1, 2, 4, 0, 1 },     // large enough to run in parallel
        { 4, 16, 8, 101, 2, 2, 5, 5, 0, 2 },
    };

    [Theory, MemberData(nameof(Geometries))]
    public void MatchesTheDirectConvolution(int batch, int inChannels, int outChannels, int length, int kernel, int stride, int dilation, int padLeft, int padRight, int groups)
    {
        var g = new Conv1dGeometry(batch, inChannels, outChannels, length, kernel, stride, dilation, padLeft, padRight, groups);
        var r = new Generator((ulong)(batch * 1000 + length));
        float[] x = Random(r, g.InputCount), w = Random(r, g.WeightCount), bias = Random(r, outChannels), dy = Random(r, g.OutputCount);
        var yRef = new float[g.OutputCount];
        Conv1dReference.Forward(g, x, w, bias, yRef);
        var yRefNoBias = new float[g.OutputCount];
        Conv1dReference.Forward(g, x, w, [], yRefNoBias);
        var dxRef = Random(new Generator(3), g.InputCount);
        var dx0 = (float[])dxRef.Clone();
        Conv1dReference.BackwardInput(g, dy, w, dxRef);
        var dwRef = new float[g.WeightCount];
        Conv1dReference.BackwardWeight(g, x, dy, dwRef);
        var dbRef = new float[outChannels];
        Conv1dReference.BackwardBias(g, dy, dbRef);

        foreach (int threads in new[] { 1, 2 })
        {
            using var _ = Parallelism.Limit(threads);
            var y = new float[g.OutputCount];
            Conv1dKernel.Forward(g, x, w, bias, y);
            AssertClose(yRef, y, $"output ({threads} threads)");
            Conv1dKernel.Forward(g, x, w, [], y);
            AssertClose(yRefNoBias, y, $"output without bias ({threads} threads)");
            var dx = (float[])dx0.Clone();
            Conv1dKernel.BackwardInput(g, dy, w, dx);
            AssertClose(dxRef, dx, $"input gradient ({threads} threads)");
            var dw = new float[g.WeightCount];
            Conv1dKernel.BackwardWeight(g, x, dy, dw);
            AssertClose(dwRef, dw, $"weight gradient ({threads} threads)");
            var db = new float[outChannels];
            Conv1dKernel.BackwardBias(g, dy, db);
            AssertClose(dbRef, db, $"bias gradient ({threads} threads)");
        }
    }

    [Fact]
    public void OutputLengthIsPyTorchs()
    {
        Assert.Equal(9, new Conv1dGeometry(1, 1, 1, 19, 5, stride: 2, padLeft: 1, padRight: 1).OutLength);
        Assert.Equal(17, new Conv1dGeometry(1, 1, 1, 17, 3, dilation: 4, padLeft: 8).OutLength);
        var ex = Assert.Throws<ArgumentException>(() => new Conv1dGeometry(1, 4, 6, 10, 3, groups: 4));
        Assert.Contains("groups", ex.Message);
        Assert.Throws<ArgumentException>(() => new Conv1dGeometry(1, 1, 1, 4, 3, dilation: 2));
    }

    static float[] Random(Generator g, long count)
    {
        var a = new float[count];
        for (int i = 0; i < a.Length; i++) a[i] = (float)g.NextNormal();
        return a;
    }

    static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]:G7}, expected {expected[i]:G7}");
    }
}
