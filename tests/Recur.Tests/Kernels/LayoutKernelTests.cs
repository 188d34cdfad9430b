using Recur.Kernels;

namespace Recur.Tests.Kernels;

public class LayoutKernelTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 1, 3 })]          // a transposed (5, 3) matrix
    [InlineData(new[] { 2, 3, 4 }, new[] { 1, 2, 6 })]     // permuted
    [InlineData(new[] { 4, 1, 7 }, new[] { 0, 9, 1 })]     // broadcast first dimension, padded rows
    [InlineData(new[] { 5 }, new[] { 3 })]
    public void GatherThenScatterRoundTripsAndMatchesIndexArithmetic(int[] dims, int[] strides)
    {
        int count = dims.Aggregate(1, (a, b) => a * b);
        var source = Enumerable.Range(0, 100).Select(i => (float)i).ToArray();
        var dense = new float[count];
        StridedCopy.Gather(source, 2, dims, strides, dense);
        var index = new int[dims.Length];
        for (int i = 0; i < count; i++)
        {
            int offset = 2;
            for (int d = 0; d < dims.Length; d++) offset += index[d] * strides[d];
            Assert.Equal(source[offset], dense[i]);
            for (int d = dims.Length - 1; d >= 0 && ++index[d] == dims[d]; d--) index[d] = 0;
        }
        if (strides.Contains(0)) return; // scatter into a broadcast layout is not one-to-one
        var back = new float[100];
        StridedCopy.Scatter(dense, back, 2, dims, strides);
        for (int i = 0; i < 100; i++) Assert.True(back[i] == 0 || back[i] == source[i]);
        Assert.Equal(count, back.Count(v => v != 0) + (dense.Contains(0f) ? 1 : 0));
    }

    [Fact]
    public void AxisMaxPrefersFirstOccurrenceAndNaN()
    {
        float[] source = [1, 3, 3, 2, float.NaN, 5];
        var values = new float[2];
        var indices = new int[2];
        AxisReduction.Max(2, 3, 1, source, values, indices);
        Assert.Equal([3f, float.NaN], values);
        Assert.Equal([1, 1], indices);
    }

    [Fact]
    public void LastAxisSumMatchesTheReferenceAtEveryLength()
    {
        var gen = new Generator(12);
        for (int n = 0; n <= 70; n++)
        {
            var source = new float[3 * n];
            for (int i = 0; i < source.Length; i++) source[i] = gen.NextFloat() - 0.5f;
            var fast = new float[3];
            var reference = new float[3];
            AxisReduction.Sum(3, n, 1, source, fast);
            AxisReduction.SumReference(3, n, 1, source, reference);
            for (int o = 0; o < 3; o++) Assert.True(Math.Abs(fast[o] - reference[o]) <= 1e-6f * Math.Max(1, n), $"n = {n}, row {o}: {fast[o]} vs {reference[o]}");
        }
    }
}
