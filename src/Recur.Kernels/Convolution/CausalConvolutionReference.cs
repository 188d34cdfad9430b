namespace Recur.Kernels.Convolution;

/// <summary>
/// The naive causal convolution the fast paths are tested against, summed in double:
/// y[b,h,t] = Σ_{j ≤ t} k[h,j]·u[b,h,t−j], and its adjoints du[b,h,s] = Σ_{t ≥ s} dy[b,h,t]·k[h,t−s],
/// dk[h,j] = Σ_b Σ_{t ≥ j} dy[b,h,t]·u[b,h,t−j]. Layouts: u, y, dy (B, H, L) and k (H, L), row-major.
/// </summary>
public static class CausalConvolutionReference
{
    public static void Forward(ReadOnlySpan<float> u, ReadOnlySpan<float> k, int batch, int channels, int length, Span<float> y)
    {
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < channels; h++)
            {
                int row = (b * channels + h) * length, kr = h * length;
                for (int t = 0; t < length; t++)
                {
                    double sum = 0;
                    for (int j = 0; j <= t; j++) sum += (double)k[kr + j] * u[row + t - j];
                    y[row + t] = (float)sum;
                }
            }
    }

    /// <summary>Adds the adjoints into <paramref name="du"/> and <paramref name="dk"/> (either may be empty).</summary>
    public static void Backward(ReadOnlySpan<float> u, ReadOnlySpan<float> k, ReadOnlySpan<float> dy, int batch, int channels, int length,
        Span<float> du, Span<float> dk)
    {
        for (int h = 0; h < channels; h++)
        {
            int kr = h * length;
            for (int b = 0; b < batch; b++)
            {
                int row = (b * channels + h) * length;
                if (!du.IsEmpty)
                    for (int s = 0; s < length; s++)
                    {
                        double sum = 0;
                        for (int t = s; t < length; t++) sum += (double)dy[row + t] * k[kr + t - s];
                        du[row + s] += (float)sum;
                    }
            }
            if (!dk.IsEmpty)
                for (int j = 0; j < length; j++)
                {
                    double sum = 0;
                    for (int b = 0; b < batch; b++)
                    {
                        int row = (b * channels + h) * length;
                        for (int t = j; t < length; t++) sum += (double)dy[row + t] * u[row + t - j];
                    }
                    dk[kr + j] += (float)sum;
                }
        }
    }
}
