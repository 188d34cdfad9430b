namespace Recur.Kernels.Recurrent;

/// <summary>Naive y = W·x + beta·y in double precision, the reference for <see cref="MatrixVector"/>.</summary>
public static class MatrixVectorReference
{
    public static void Multiply(int rows, int cols, ReadOnlySpan<float> w, ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            double t = 0;
            for (int k = 0; k < cols; k++) t += (double)w[r * cols + k] * x[k];
            y[r] = (float)t + (beta == 0 ? 0 : beta * y[r]);
        }
    }
}
