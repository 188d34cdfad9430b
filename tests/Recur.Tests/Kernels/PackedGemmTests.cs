using Recur.Kernels;
using Recur.Kernels.Recurrent;

namespace Recur.Tests.Kernels;

/// <summary>The pre-packed recurrent GEMM against the naive triple loop, at odd sizes, both layouts of B, one and two threads.</summary>
public class PackedGemmTests
{
    [Fact]
    public void MatchesReference()
    {
        var g = new Generator(61);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 5, 7), (6, 64, 256), (7, 65, 257), (32, 130, 300), (13, 2048, 33), (64, 512, 520) })
            foreach (bool transB in new[] { true, false })
                foreach (float beta in new[] { 0f, 1f })
                {
                    int ldb = transB ? k + 3 : n + 2;
                    var a = Tensor.Uniform(g, -1, 1, m * k).ToArray();
                    var b = Tensor.Uniform(g, -1, 1, (transB ? n : k) * ldb).ToArray();
                    var c0 = Tensor.Uniform(g, -1, 1, m * n).ToArray();
                    var packed = PackedGemm.Allocate(n, k);
                    PackedGemm.Pack(transB, n, k, b, ldb, packed.Span);
                    var (fast, reference) = (c0.ToArray(), c0.ToArray());
                    PackedGemm.Multiply(m, n, k, a, k, packed.Span, beta, fast, n);
                    GemmReference.Multiply(false, transB, m, n, k, 1f, a, k, b, ldb, beta, reference, n);
                    for (int i = 0; i < reference.Length; i++)
                        Assert.True(Math.Abs(reference[i] - fast[i]) <= 1e-4f * (1 + Math.Abs(reference[i])),
                            $"{m}x{n}x{k} transB={transB} beta={beta} [{i}]: {reference[i]} vs {fast[i]}");
                }
    }
}
