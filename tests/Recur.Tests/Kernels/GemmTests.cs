using Recur.Kernels;

namespace Recur.Tests.Kernels;

/// <summary>The fast GEMM against the naive triple loop, on every instruction set this machine accelerates.</summary>
public class GemmTests
{
    // Names rather than the internal enum, which a public test method cannot take.
    public static TheoryData<string> Isas() => new(Enum.GetValues<GemmIsa>().Where(GemmIsaSupport.IsSupported).Select(isa => isa.ToString()));

    [Theory]
    [MemberData(nameof(Isas))]
    public void RandomShapesMatchReference(string isaName)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        var random = new Random(20240611 + (int)isa);
        for (int trial = 0; trial < 60; trial++)
        {
            int m = Size(random), n = Size(random), k = Size(random);
            bool transA = random.Next(2) == 1, transB = random.Next(2) == 1;
            float alpha = trial % 3 == 0 ? 1f : (float)(random.NextDouble() * 4 - 2);
            float beta = (trial % 4) switch { 0 => 0f, 1 => 1f, 2 => 0.5f, _ => -1.25f };
            Check(isa, transA, transB, m, n, k, alpha, beta, pad: trial % 2 * random.Next(1, 9), threads: 1 + trial % 2, random);
        }
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void DegenerateShapesMatchReference(string isaName)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        var random = new Random(7 + (int)isa);
        (int M, int N, int K)[] shapes =
            [(1, 1, 1), (1, 37, 1), (37, 1, 1), (1, 300, 67), (300, 1, 67), (67, 300, 1), (1, 1, 300), (5, 130, 3), (13, 17, 640)];
        foreach (var (m, n, k) in shapes)
            foreach (bool transA in (bool[])[false, true])
                foreach (bool transB in (bool[])[false, true])
                    Check(isa, transA, transB, m, n, k, 1.5f, 0.5f, pad: 3, threads: 2, random);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void BlockEdgesAndBothThreadSplitsMatchReference(string isaName)
    {
        var isa = Enum.Parse<GemmIsa>(isaName);
        var random = new Random(99 + (int)isa);
        // Larger than one mc/kc block and uneven in every dimension; wide (column split) and tall (row split).
        Check(isa, false, false, 131, 401, 517, 1f, 0f, pad: 0, threads: 2, random);
        Check(isa, true, true, 401, 131, 517, 0.75f, 1f, pad: 5, threads: 2, random);
        Check(isa, true, false, 260, 259, 300, 1f, 0.5f, pad: 1, threads: 1, random);
        Check(isa, false, true, 1, 1100, 700, 2f, 0f, pad: 2, threads: 2, random);
    }

    [Fact]
    public void BetaZeroIgnoresNaNInC()
    {
        var random = new Random(3);
        foreach (var isa in Enum.GetValues<GemmIsa>().Where(GemmIsaSupport.IsSupported))
            foreach (int m in (int[])[1, 7, 40])
                Check(isa, false, false, m, 70, 33, 1f, 0f, pad: 2, threads: 2, random);
    }

    [Fact]
    public void EmptyDepthScalesC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply(false, false, 2, 3, 0, 1f, [], 1, [], 3, 0.5f, c, 3);
        Assert.Equal([0.5f, 1, 1.5f, 2, 2.5f, 3], c);
        float[] nan = [float.NaN, float.NaN];
        Gemm.Multiply(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0f, nan, 2);
        Assert.Equal([0f, 0f], nan);
    }

    [Fact]
    public void ShortBufferNamesTheArgument()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Equal("a", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(false, true, 4, 4, 4, 1f, new float[16], 4, new float[16], 3, 0f, new float[16], 4));
    }

    static int Size(Random random) => random.Next(4) == 0 ? random.Next(1, 4) : random.Next(1, 150);

    /// <summary>
    /// Runs both kernels on the same random inputs with leading dimensions widened by <paramref name="pad"/>
    /// (submatrix views) and C pre-filled (NaN when beta is 0); checks every element, and that padding is untouched.
    /// </summary>
    static void Check(GemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha, float beta,
        int pad, int threads, Random random)
    {
        int lda = (transA ? m : k) + pad, ldb = (transB ? k : n) + pad, ldc = n + pad;
        var a = Fill(new float[(transA ? k : m) * lda], random);
        var b = Fill(new float[(transB ? n : k) * ldb], random);
        var c = Fill(new float[m * ldc], random);
        if (beta == 0)
            Array.Fill(c, float.NaN);
        var expected = (float[])c.Clone();
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++)
                c[i * ldc + j] = expected[i * ldc + j] = -7f; // padding sentinel

        GemmReference.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, isa, threads);

        // Inputs lie in [-1, 1]: a float32 sum of k products differs from the double reference by about
        // eps·√k·|terms| under a changed order; 1e-4·√k leaves ample room while catching any wrong term.
        float tolerance = 1e-4f * MathF.Sqrt(k) * (MathF.Abs(alpha) * MathF.Sqrt(k) + MathF.Abs(beta)) + 1e-6f;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < ldc; j++)
            {
                float want = expected[i * ldc + j], got = c[i * ldc + j];
                if (!(MathF.Abs(want - got) <= tolerance))
                    Assert.Fail($"{isa} transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta} " +
                        $"pad={pad} threads={threads}: C[{i},{j}] = {got}, expected {want} (±{tolerance})");
            }
    }

    static float[] Fill(float[] values, Random random)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
