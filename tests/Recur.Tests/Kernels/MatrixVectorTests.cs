using Recur.Kernels.Recurrent;

namespace Recur.Tests.Kernels;

/// <summary>The streaming matrix–vector kernel against its double-precision reference, inline and split over two threads.</summary>
public class MatrixVectorTests
{
    [Fact]
    public void MatrixVectorMatchesReferenceOnOneAndTwoThreads()
    {
        var g = new Generator(31);
        int saved = MatrixVector.ParallelThreshold;
        try
        {
            foreach (int threshold in new[] { int.MaxValue, 0 })
                foreach (var (rows, cols) in new[] { (1, 1), (3, 7), (4, 8), (17, 9), (33, 64), (1024, 320) })
                    foreach (float beta in new[] { 0f, 1f })
                    {
                        MatrixVector.ParallelThreshold = threshold;
                        var w = Tensor.Uniform(g, -1, 1, rows, cols).ToArray();
                        var x = Tensor.Uniform(g, -1, 1, cols).ToArray();
                        var y0 = Tensor.Uniform(g, -1, 1, rows).ToArray();
                        var (fast, reference) = (y0.ToArray(), y0.ToArray());
                        MatrixVector.Multiply(rows, cols, w, x, beta, fast);
                        MatrixVectorReference.Multiply(rows, cols, w, x, beta, reference);
                        for (int i = 0; i < rows; i++)
                            Assert.True(Math.Abs(reference[i] - fast[i]) <= 1e-5f * (1 + Math.Abs(reference[i])), $"{rows}x{cols} beta={beta} threshold={threshold} row {i}");
                    }
        }
        finally { MatrixVector.ParallelThreshold = saved; }
    }
}
