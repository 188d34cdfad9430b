using System.Runtime.CompilerServices;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// Fused LSTM gate kernel for one time step over B rows (PyTorch's equations and gate order i, f, g, o):
/// i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o) with a = inputGates + hiddenGates + hiddenBias;
/// c = f ⊙ c_prev + i ⊙ g; h = o ⊙ tanh(c). One pass per row, everything for a lane in registers.
/// Shapes: inputGates, hiddenGates, gates (B, 4H); hiddenBias (4H) or empty; cPrev, c, h, dh, dc, dcPrev (B, H).
/// </summary>
public static class LstmGates
{
    /// <summary>
    /// Writes the activated gates (saved for backward), the new cell state and the new hidden state.
    /// <paramref name="gates"/> may be the same buffer as <paramref name="inputGates"/>: a lane's four
    /// pre-activations are read before its four activations are written. Empty <paramref name="gates"/> (inference,
    /// nothing to save) skips those writes.
    /// </summary>
    public static void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> cPrev, Span<float> gates, Span<float> c, Span<float> h)
    {
        if (Lanes512.IsAccelerated) Forward<Lanes512>(batch, hidden, inputGates, hiddenGates, hiddenBias, cPrev, gates, c, h);
        else Forward<Lanes256>(batch, hidden, inputGates, hiddenGates, hiddenBias, cPrev, gates, c, h);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Forward<TLanes>(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> cPrev, Span<float> gates, Span<float> c, Span<float> h)
        where TLanes : struct, IGateLanes<TLanes>
    {
        int g4 = 4 * hidden;
        bool bias = !hiddenBias.IsEmpty, save = !gates.IsEmpty;
        for (int b = 0; b < batch; b++)
        {
            var x = inputGates.Slice(b * g4, g4);
            var y = hiddenGates.Slice(b * g4, g4);
            var a = save ? gates.Slice(b * g4, g4) : default;
            var cp = cPrev.Slice(b * hidden, hidden);
            var cn = c.Slice(b * hidden, hidden);
            var hn = h.Slice(b * hidden, hidden);
            int j = 0;
            if (TLanes.IsAccelerated)
            {
                for (; j <= hidden - TLanes.Count; j += TLanes.Count)
                {
                    var ai = TLanes.Load(x.Slice(j)) + TLanes.Load(y.Slice(j));
                    var af = TLanes.Load(x.Slice(hidden + j)) + TLanes.Load(y.Slice(hidden + j));
                    var ag = TLanes.Load(x.Slice(2 * hidden + j)) + TLanes.Load(y.Slice(2 * hidden + j));
                    var ao = TLanes.Load(x.Slice(3 * hidden + j)) + TLanes.Load(y.Slice(3 * hidden + j));
                    if (bias)
                    {
                        ai += TLanes.Load(hiddenBias.Slice(j));
                        af += TLanes.Load(hiddenBias.Slice(hidden + j));
                        ag += TLanes.Load(hiddenBias.Slice(2 * hidden + j));
                        ao += TLanes.Load(hiddenBias.Slice(3 * hidden + j));
                    }
                    var i = TLanes.Sigmoid(ai);
                    var f = TLanes.Sigmoid(af);
                    var g = TLanes.Tanh(ag);
                    var o = TLanes.Sigmoid(ao);
                    if (save) { i.Store(a.Slice(j)); f.Store(a.Slice(hidden + j)); g.Store(a.Slice(2 * hidden + j)); o.Store(a.Slice(3 * hidden + j)); }
                    var cv = f * TLanes.Load(cp.Slice(j)) + i * g;
                    cv.Store(cn.Slice(j));
                    (o * TLanes.Tanh(cv)).Store(hn.Slice(j));
                }
            }
            for (; j < hidden; j++)
            {
                float bi = 0, bf = 0, bg = 0, bo = 0;
                if (bias) { bi = hiddenBias[j]; bf = hiddenBias[hidden + j]; bg = hiddenBias[2 * hidden + j]; bo = hiddenBias[3 * hidden + j]; }
                float i = GateMath.Sigmoid(x[j] + y[j] + bi);
                float f = GateMath.Sigmoid(x[hidden + j] + y[hidden + j] + bf);
                float g = GateMath.Tanh(x[2 * hidden + j] + y[2 * hidden + j] + bg);
                float o = GateMath.Sigmoid(x[3 * hidden + j] + y[3 * hidden + j] + bo);
                if (save) { a[j] = i; a[hidden + j] = f; a[2 * hidden + j] = g; a[3 * hidden + j] = o; }
                float cv = f * cp[j] + i * g;
                cn[j] = cv;
                hn[j] = o * GateMath.Tanh(cv);
            }
        }
    }

    /// <summary>
    /// From dh (this step's hidden-state gradient, output and future combined) and dc (the cell-state gradient
    /// from the future), writes the gradients of the gate pre-activations and of the previous cell state.
    /// </summary>
    public static void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc,
        ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, Span<float> dGates, Span<float> dcPrev)
    {
        if (Lanes512.IsAccelerated) Backward<Lanes512>(batch, hidden, dh, dc, gates, cPrev, c, dGates, dcPrev);
        else Backward<Lanes256>(batch, hidden, dh, dc, gates, cPrev, c, dGates, dcPrev);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void Backward<TLanes>(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc,
        ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, Span<float> dGates, Span<float> dcPrev)
        where TLanes : struct, IGateLanes<TLanes>
    {
        int g4 = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            var a = gates.Slice(b * g4, g4);
            var da = dGates.Slice(b * g4, g4);
            int r = b * hidden;
            int j = 0;
            if (TLanes.IsAccelerated)
            {
                var one = TLanes.One;
                for (; j <= hidden - TLanes.Count; j += TLanes.Count)
                {
                    var i = TLanes.Load(a.Slice(j));
                    var f = TLanes.Load(a.Slice(hidden + j));
                    var g = TLanes.Load(a.Slice(2 * hidden + j));
                    var o = TLanes.Load(a.Slice(3 * hidden + j));
                    var tc = TLanes.Tanh(TLanes.Load(c.Slice(r + j)));
                    var dhv = TLanes.Load(dh.Slice(r + j));
                    var dcTotal = TLanes.Load(dc.Slice(r + j)) + dhv * o * (one - tc * tc);
                    (dcTotal * g * i * (one - i)).Store(da.Slice(j));
                    (dcTotal * TLanes.Load(cPrev.Slice(r + j)) * f * (one - f)).Store(da.Slice(hidden + j));
                    (dcTotal * i * (one - g * g)).Store(da.Slice(2 * hidden + j));
                    (dhv * tc * o * (one - o)).Store(da.Slice(3 * hidden + j));
                    (dcTotal * f).Store(dcPrev.Slice(r + j));
                }
            }
            for (; j < hidden; j++)
            {
                float i = a[j], f = a[hidden + j], g = a[2 * hidden + j], o = a[3 * hidden + j];
                float tc = GateMath.Tanh(c[r + j]);
                float dcTotal = dc[r + j] + dh[r + j] * o * (1 - tc * tc);
                da[j] = dcTotal * g * i * (1 - i);
                da[hidden + j] = dcTotal * cPrev[r + j] * f * (1 - f);
                da[2 * hidden + j] = dcTotal * i * (1 - g * g);
                da[3 * hidden + j] = dh[r + j] * tc * o * (1 - o);
                dcPrev[r + j] = dcTotal * f;
            }
        }
    }
}
