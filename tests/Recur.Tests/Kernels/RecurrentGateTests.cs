using Recur.Kernels.Recurrent;

namespace Recur.Tests.Kernels;

/// <summary>
/// The fused SIMD gate kernels against their scalar references, at widths that exercise the vector body, the
/// scalar tail and both together. Re-run with DOTNET_EnableAVX2=0 to cover the scalar-only path.
/// </summary>
public class RecurrentGateTests
{
    static readonly int[] Widths = [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100];

    static float[] Random(Generator g, int n, float scale = 2f)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = scale * (2 * g.NextFloat() - 1);
        return a;
    }

    static void Close(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6f + 2e-6f * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void LstmMatchesReference()
    {
        var g = new Generator(1);
        foreach (int h in Widths)
            foreach (bool bias in new[] { true, false })
            {
                int b = 3;
                var x = Random(g, b * 4 * h); var y = Random(g, b * 4 * h); var bh = bias ? Random(g, 4 * h) : [];
                var cp = Random(g, b * h);
                var (ga, ca, ha) = (new float[b * 4 * h], new float[b * h], new float[b * h]);
                var (gr, cr, hr) = (new float[b * 4 * h], new float[b * h], new float[b * h]);
                LstmGates.Forward(b, h, x, y, bh, cp, ga, ca, ha);
                LstmGatesReference.Forward(b, h, x, y, bh, cp, gr, cr, hr);
                Close(gr, ga, $"gates H={h}"); Close(cr, ca, $"c H={h}"); Close(hr, ha, $"h H={h}");

                var dh = Random(g, b * h); var dc = Random(g, b * h);
                var (da, dca) = (new float[b * 4 * h], new float[b * h]);
                var (dr, dcr) = (new float[b * 4 * h], new float[b * h]);
                LstmGates.Backward(b, h, dh, dc, gr, cp, cr, da, dca);
                LstmGatesReference.Backward(b, h, dh, dc, gr, cp, cr, dr, dcr);
                Close(dr, da, $"dGates H={h}"); Close(dcr, dca, $"dcPrev H={h}");
            }
    }

    [Fact]
    public void LstmMayWriteGatesOverItsInput()
    {
        var g = new Generator(4);
        foreach (int h in Widths)
        {
            int b = 3;
            var x = Random(g, b * 4 * h); var y = Random(g, b * 4 * h); var bh = Random(g, 4 * h); var cp = Random(g, b * h);
            var (gr, cr, hr) = (new float[b * 4 * h], new float[b * h], new float[b * h]);
            LstmGatesReference.Forward(b, h, x, y, bh, cp, gr, cr, hr);
            var (ca, ha) = (new float[b * h], new float[b * h]);
            LstmGates.Forward(b, h, x, y, bh, cp, x, ca, ha);
            Close(gr, x, $"gates H={h}"); Close(cr, ca, $"c H={h}"); Close(hr, ha, $"h H={h}");
        }
    }

    [Fact]
    public void WithNothingToSaveTheStatesAreTheSameBits()
    {
        // Inference passes no buffer for the activations backward would need; the states must not change.
        var g = new Generator(5);
        foreach (int h in Widths)
        {
            int b = 3;
            var x = Random(g, b * 4 * h); var y = Random(g, b * 4 * h); var bh = Random(g, 4 * h); var prev = Random(g, b * h);
            var (c, hs) = (new float[b * h], new float[b * h]);
            var (cNone, hNone) = (new float[b * h], new float[b * h]);
            LstmGates.Forward(b, h, x, y, bh, prev, new float[b * 4 * h], c, hs);
            LstmGates.Forward(b, h, x, y, bh, prev, [], cNone, hNone);
            Assert.Equal(c, cNone);
            Assert.Equal(hs, hNone);

            int g3 = b * 3 * h;
            var (hGru, hGruNone) = (new float[b * h], new float[b * h]);
            GruGates.Forward(b, h, x.AsSpan(0, g3), y.AsSpan(0, g3), bh.AsSpan(0, 3 * h), prev, new float[b * 4 * h], hGru);
            GruGates.Forward(b, h, x.AsSpan(0, g3), y.AsSpan(0, g3), bh.AsSpan(0, 3 * h), prev, [], hGruNone);
            Assert.Equal(hGru, hGruNone);
        }
    }

    [Fact]
    public void GruMatchesReference()
    {
        var g = new Generator(2);
        foreach (int h in Widths)
            foreach (bool bias in new[] { true, false })
            {
                int b = 2;
                var x = Random(g, b * 3 * h); var y = Random(g, b * 3 * h); var bh = bias ? Random(g, 3 * h) : [];
                var hp = Random(g, b * h);
                var (sa, ha) = (new float[b * 4 * h], new float[b * h]);
                var (sr, hr) = (new float[b * 4 * h], new float[b * h]);
                GruGates.Forward(b, h, x, y, bh, hp, sa, ha);
                GruGatesReference.Forward(b, h, x, y, bh, hp, sr, hr);
                Close(sr, sa, $"saved H={h}"); Close(hr, ha, $"h H={h}");

                var dh = Random(g, b * h);
                var (dxa, dya, dpa) = (new float[b * 3 * h], new float[b * 3 * h], new float[b * h]);
                var (dxr, dyr, dpr) = (new float[b * 3 * h], new float[b * 3 * h], new float[b * h]);
                GruGates.Backward(b, h, dh, hp, sr, dxa, dya, dpa);
                GruGatesReference.Backward(b, h, dh, hp, sr, dxr, dyr, dpr);
                Close(dxr, dxa, $"dInput H={h}"); Close(dyr, dya, $"dHidden H={h}"); Close(dpr, dpa, $"dhPrev H={h}");
            }
    }

    [Fact]
    public void RnnMatchesReference()
    {
        var g = new Generator(3);
        foreach (int h in Widths)
            foreach (bool relu in new[] { false, true })
            {
                int b = 3;
                var x = Random(g, b * h); var y = Random(g, b * h); var bh = Random(g, h);
                var (ha, hr) = (new float[b * h], new float[b * h]);
                RnnGates.Forward(b, h, relu, x, y, bh, ha);
                RnnGatesReference.Forward(b, h, relu, x, y, bh, hr);
                Close(hr, ha, $"h H={h} relu={relu}");
                var dh = Random(g, b * h);
                var (da, dr) = (new float[b * h], new float[b * h]);
                RnnGates.Backward(b, h, relu, dh, hr, da);
                RnnGatesReference.Backward(b, h, relu, dh, hr, dr);
                Close(dr, da, $"dGates H={h} relu={relu}");
            }
    }

    [Fact]
    public void LstmReferenceMatchesHandWorkedStep()
    {
        // One unit, all pre-activations 0 except a_g = ln 3 (tanh = 0.8), c_prev = 1:
        // i = f = o = 0.5, c = 0.5·1 + 0.5·0.8 = 0.9, h = 0.5·tanh(0.9).
        float[] x = [0f, 0f, MathF.Log(3f), 0f], zero = new float[4], gates = new float[4], c = new float[1], h = new float[1];
        LstmGatesReference.Forward(1, 1, x, zero, [], [1f], gates, c, h);
        Assert.Equal(0.9f, c[0], 6);
        Assert.Equal(0.5f * MathF.Tanh(0.9f), h[0], 6);
    }
}
