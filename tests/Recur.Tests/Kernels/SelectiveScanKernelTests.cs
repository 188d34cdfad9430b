using Recur.Kernels;
using Recur.Kernels.SelectiveScan;

namespace Recur.Tests.Kernels;

/// <summary>
/// <see cref="SelectiveScanKernel"/> against <see cref="SelectiveScanReference"/>: outputs, last state and every
/// gradient, at odd sizes (partial vectors, partial channel blocks, chunks that do not divide T), with every optional
/// piece on and off, on one thread and on several (where backward splits rows into channel groups). Re-run with
/// DOTNET_EnableAVX2=0 to cover the software vector path.
/// </summary>
public class SelectiveScanKernelTests
{
    static float[] Random(Generator g, long n, float low = -1f, float high = 1f)
    {
        var a = new float[n];
        for (int i = 0; i < a.Length; i++) a[i] = low + (high - low) * g.NextFloat();
        return a;
    }

    public static TheoryData<int, int, int, int, int, bool, bool, bool> Cases() => new()
    {
        // T, B, D, N, chunk, gate/skip/bias, softplus, initial state
        { 37, 3, 45, 5, 8, true, true, true },
        { 37, 3, 45, 5, 8, false, false, false },
        { 1, 1, 1, 1, 4, true, true, true },
        { 16, 2, 8, 16, 16, true, true, false },
        { 23, 1, 70, 3, 5, true, false, true },
        { 9, 5, 33, 7, 32, false, true, true },
    };

    [Theory, MemberData(nameof(Cases))]
    public void MatchesReference(int T, int B, int D, int N, int chunk, bool extras, bool softplus, bool initial)
    {
        var p = new SelectiveScanProblem(T, B, D, N, HasSkip: extras, HasGate: extras, HasDeltaBias: extras, DeltaSoftplus: softplus,
            HasInitialState: initial, ChunkLength: chunk);
        var g = new Generator((ulong)(T * 131 + D));
        long tbd = (long)T * B * D, tbn = (long)T * B * N, bdn = (long)B * D * N;
        var u = Random(g, tbd); var delta = Random(g, tbd, softplus ? -3f : 0.01f, softplus ? 1f : 0.5f);
        var a = Random(g, D * N, -2f, -0.1f); var bm = Random(g, tbn); var cm = Random(g, tbn);
        var skip = extras ? Random(g, D) : []; var z = extras ? Random(g, tbd, -3f, 3f) : []; var bias = extras ? Random(g, D, -0.5f, 0.5f) : [];
        var h0 = initial ? Random(g, bdn) : [];
        var x = new SelectiveScanInputs { U = u, Delta = delta, A = a, B = bm, C = cm, Skip = skip, Gate = z, DeltaBias = bias, InitialState = h0 };
        var (yRef, lastRef) = (new float[tbd], new float[bdn]);
        SelectiveScanReference.Forward(p, x, yRef, lastRef);
        var dy = Random(g, tbd); var dLast = Random(g, bdn);
        var expected = new Grads(p, tbd, tbn, bdn);
        SelectiveScanReference.Backward(p, x, dy, dLast, expected.View());
        foreach (int threads in new[] { 1, 4 })
        {
            using var _ = Parallelism.Limit(threads);
            var (y, last, saved) = (new float[tbd], new float[bdn], new float[p.CheckpointLength]);
            SelectiveScanKernel.Forward(p, x, y, last, saved);
            Close(yRef, y, $"y, {threads} threads");
            Close(lastRef, last, $"last state, {threads} threads");
            var actual = new Grads(p, tbd, tbn, bdn);
            SelectiveScanKernel.Backward(p, x, saved, dy, dLast, actual.View());
            for (int i = 0; i < expected.All.Length; i++)
                Close(expected.All[i], actual.All[i], $"{Grads.Names[i]}, {threads} threads");
        }
    }

    [Fact]
    public void ForwardWithoutCheckpointsGivesTheSameOutput()
    {
        var p = new SelectiveScanProblem(11, 2, 9, 4);
        var g = new Generator(3);
        var x = new SelectiveScanInputs { U = Random(g, 198), Delta = Random(g, 198, 0f, 1f), A = Random(g, 36, -1f, 0f), B = Random(g, 88), C = Random(g, 88), Skip = Random(g, 9) };
        var (y1, l1, y2, l2) = (new float[198], new float[72], new float[198], new float[72]);
        SelectiveScanKernel.Forward(p, x, y1, l1, new float[p.CheckpointLength]);
        SelectiveScanKernel.Forward(p, x, y2, l2, []);
        Assert.Equal(y1, y2);
        Assert.Equal(l1, l2);
    }

    [Fact]
    public void WrongOperandLengthIsNamed()
    {
        var p = new SelectiveScanProblem(2, 1, 3, 2);
        var ex = Assert.Throws<ArgumentException>(() => SelectiveScanKernel.Forward(p,
            new SelectiveScanInputs { U = new float[6], Delta = new float[6], A = new float[5], B = new float[4], C = new float[4], Skip = new float[3] },
            new float[6], new float[6], []));
        Assert.Contains("A has 5 elements, expected 6", ex.Message);
    }

    sealed class Grads(SelectiveScanProblem p, long tbd, long tbn, long bdn)
    {
        public static readonly string[] Names = ["du", "ddelta", "dA", "dB", "dC", "dD", "dz", "dbias", "dh0"];
        public readonly float[][] All =
        [
            new float[tbd], new float[tbd], new float[p.Channels * p.States], new float[tbn], new float[tbn],
            new float[p.HasSkip ? p.Channels : 0], new float[p.HasGate ? tbd : 0], new float[p.HasDeltaBias ? p.Channels : 0],
            new float[p.HasInitialState ? bdn : 0],
        ];

        public SelectiveScanGradients View() => new()
        {
            U = All[0], Delta = All[1], A = All[2], B = All[3], C = All[4], Skip = All[5], Gate = All[6], DeltaBias = All[7], InitialState = All[8],
        };
    }

    static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1e-6;
        foreach (var e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-5 * scale + 2e-5 * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}
