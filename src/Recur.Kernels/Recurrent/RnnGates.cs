using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Fused Elman RNN step over B rows: h' = act(inputGates + hiddenGates + hiddenBias), act = tanh or ReLU.
/// The backward needs only h' (tanh' = 1 − h'², ReLU' = [h' &gt; 0]). Shapes: (B, H); hiddenBias (H) or empty.
/// </summary>
public static class RnnGates
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Forward(int batch, int hidden, bool relu, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, Span<float> h)
    {
        bool bias = !hiddenBias.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            int k = b * hidden, j = 0;
            if (GateMath.Vectorized)
            {
                for (; j <= hidden - GateMath.Width; j += GateMath.Width)
                {
                    var a = Vector256.Create(inputGates.Slice(k + j)) + Vector256.Create(hiddenGates.Slice(k + j));
                    if (bias) a += Vector256.Create(hiddenBias.Slice(j));
                    (relu ? Vector256.Max(a, Vector256<float>.Zero) : GateMath.Tanh(a)).CopyTo(h.Slice(k + j));
                }
            }
            for (; j < hidden; j++)
            {
                float a = inputGates[k + j] + hiddenGates[k + j] + (bias ? hiddenBias[j] : 0f);
                h[k + j] = relu ? MathF.Max(a, 0f) : GateMath.Tanh(a);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Backward(int batch, int hidden, bool relu, ReadOnlySpan<float> dh, ReadOnlySpan<float> h, Span<float> dGates)
    {
        int n = batch * hidden, k = 0;
        if (GateMath.Vectorized)
        {
            for (; k <= n - GateMath.Width; k += GateMath.Width)
            {
                var d = Vector256.Create(dh.Slice(k));
                var y = Vector256.Create(h.Slice(k));
                var g = relu
                    ? Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), d, Vector256<float>.Zero)
                    : d * (Vector256<float>.One - y * y);
                g.CopyTo(dGates.Slice(k));
            }
        }
        for (; k < n; k++) dGates[k] = relu ? (h[k] > 0 ? dh[k] : 0f) : dh[k] * (1 - h[k] * h[k]);
    }
}
