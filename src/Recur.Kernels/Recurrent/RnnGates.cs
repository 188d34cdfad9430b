using System.Runtime.CompilerServices;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Fused Elman RNN step over B rows: h' = act(inputGates + hiddenGates + hiddenBias), act = tanh or ReLU.
/// The backward needs only h' (tanh' = 1 − h'², ReLU' = [h' &gt; 0]). Shapes: (B, H); hiddenBias (H) or empty.
/// </summary>
public static class RnnGates
{
    public static void Forward(int batch, int hidden, bool relu, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, Span<float> h)
    {
        if (Lanes512.IsAccelerated) Forward<Lanes512>(batch, hidden, relu, inputGates, hiddenGates, hiddenBias, h);
        else Forward<Lanes256>(batch, hidden, relu, inputGates, hiddenGates, hiddenBias, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward<TLanes>(int batch, int hidden, bool relu, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, Span<float> h)
        where TLanes : struct, IGateLanes<TLanes>
    {
        bool bias = !hiddenBias.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            int k = b * hidden, j = 0;
            if (TLanes.IsAccelerated)
            {
                for (; j <= hidden - TLanes.Count; j += TLanes.Count)
                {
                    var a = TLanes.Load(inputGates.Slice(k + j)) + TLanes.Load(hiddenGates.Slice(k + j));
                    if (bias) a += TLanes.Load(hiddenBias.Slice(j));
                    (relu ? TLanes.Relu(a) : TLanes.Tanh(a)).Store(h.Slice(k + j));
                }
            }
            for (; j < hidden; j++)
            {
                float a = inputGates[k + j] + hiddenGates[k + j] + (bias ? hiddenBias[j] : 0f);
                h[k + j] = relu ? MathF.Max(a, 0f) : GateMath.Tanh(a);
            }
        }
    }

    public static void Backward(int batch, int hidden, bool relu, ReadOnlySpan<float> dh, ReadOnlySpan<float> h, Span<float> dGates)
    {
        if (Lanes512.IsAccelerated) Backward<Lanes512>(batch, hidden, relu, dh, h, dGates);
        else Backward<Lanes256>(batch, hidden, relu, dh, h, dGates);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Backward<TLanes>(int batch, int hidden, bool relu, ReadOnlySpan<float> dh, ReadOnlySpan<float> h, Span<float> dGates)
        where TLanes : struct, IGateLanes<TLanes>
    {
        int n = batch * hidden, k = 0;
        if (TLanes.IsAccelerated)
        {
            for (; k <= n - TLanes.Count; k += TLanes.Count)
            {
                var d = TLanes.Load(dh.Slice(k));
                var y = TLanes.Load(h.Slice(k));
                (relu ? TLanes.WherePositive(y, d) : d * (TLanes.One - y * y)).Store(dGates.Slice(k));
            }
        }
        for (; k < n; k++) dGates[k] = relu ? (h[k] > 0 ? dh[k] : 0f) : dh[k] * (1 - h[k] * h[k]);
    }
}
