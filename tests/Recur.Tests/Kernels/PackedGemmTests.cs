using Recur.Kernels;
using System.Runtime.InteropServices;
using Recur.Kernels.Recurrent;

namespace Recur.Tests.Kernels;

/// <summary>
/// The pre-packed recurrent GEMM against the naive triple loop, at odd sizes, both layouts of B, one and two threads;
/// packing split between threads, and the pool of packed buffers.
/// </summary>
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PackingOnTwoThreadsGivesTheLayoutOfOne(bool transB)
    {
        // 1,000 columns: the second thread's share ends in a partial panel; 600 rows cross a depth block.
        const int n = 1000, k = 600;
        var b = Tensor.Uniform(new Generator(62), -1, 1, n * k).ToArray();
        int ldb = transB ? k : n;
        var one = PackedGemm.Allocate(n, k);
        var two = PackedGemm.Allocate(n, k);
        two.Span.Fill(float.NaN); // a slot left unwritten would show
        using (Parallelism.Limit(1)) PackedGemm.Pack(transB, n, k, b, ldb, one.Span);
        using (Parallelism.Limit(2)) PackedGemm.Pack(transB, n, k, b, ldb, two.Span);
        Assert.True(one.Span.SequenceEqual(two.Span));
    }

    [Fact]
    public void ReturnedBuffersAreRentedAgainAligned()
    {
        var first = PackedGemm.Rent(300, 200);
        PackedGemm.Return(first);
        var again = PackedGemm.Rent(300, 200);
        var other = PackedGemm.Rent(300, 201);
        Assert.True(MemoryMarshal.TryGetArray<float>(first, out var a));
        Assert.True(MemoryMarshal.TryGetArray<float>(again, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(PackedGemm.PackedLength(300, 201), other.Length);
        foreach (var buffer in new[] { again, other })
        {
            Assert.True(MemoryMarshal.TryGetArray<float>(buffer, out var segment));
            var handle = GCHandle.Alloc(segment.Array, GCHandleType.Pinned);
            try { Assert.Equal(0, (handle.AddrOfPinnedObject() + segment.Offset * sizeof(float)) & 63); }
            finally { handle.Free(); }
        }
        PackedGemm.Return(again);
        PackedGemm.Return(other);
    }
}
