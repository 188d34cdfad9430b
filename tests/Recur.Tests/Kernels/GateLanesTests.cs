using System.Runtime.Intrinsics;
using Recur.Kernels.Recurrent;

namespace Recur.Tests.Kernels;

/// <summary>
/// The gate kernels compiled for 16 lanes give the bits of the 8-lane build, forward and backward: which width a
/// machine runs changes no result. Widths mix whole 16-lane blocks, a lone 8-lane block and scalar tails.
/// </summary>
public class GateLanesTests
{
    static readonly int[] Widths = [5, 8, 16, 24, 37, 64];

    // Without 512-bit vectors in hardware (the CI pass with AVX-512 off) the kernels only ever run the 8-lane build.
    static bool BothWidthsRun => Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated;

    static float[] Random(Generator g, int n) => Enumerable.Range(0, n).Select(_ => 6 * g.NextFloat() - 3).ToArray();

    static void Same(float[] a, float[] b, string what) => Assert.True(a.AsSpan().SequenceEqual(b), $"{what} differs between 16 and 8 lanes");

    [Fact]
    public void Lstm_gates_have_the_same_bits_at_both_widths()
    {
        if (!BothWidthsRun) return;
        var g = new Generator(3);
        const int B = 3;
        foreach (int h in Widths)
        {
            var (x, y, bias, cp) = (Random(g, B * 4 * h), Random(g, B * 4 * h), Random(g, 4 * h), Random(g, B * h));
            var (dh, dc) = (Random(g, B * h), Random(g, B * h));
            float[][] Run<TLanes>() where TLanes : struct, IGateLanes<TLanes>
            {
                var (gates, c, hh, dGates, dcPrev) = (new float[B * 4 * h], new float[B * h], new float[B * h], new float[B * 4 * h], new float[B * h]);
                LstmGates.Forward<TLanes>(B, h, x, y, bias, cp, gates, c, hh);
                LstmGates.Backward<TLanes>(B, h, dh, dc, gates, cp, c, dGates, dcPrev);
                return [gates, c, hh, dGates, dcPrev];
            }
            var (wide, narrow) = (Run<Lanes512>(), Run<Lanes256>());
            for (int i = 0; i < wide.Length; i++) Same(wide[i], narrow[i], $"LSTM H={h} result {i}");
        }
    }

    [Fact]
    public void Gru_gates_have_the_same_bits_at_both_widths()
    {
        if (!BothWidthsRun) return;
        var g = new Generator(4);
        const int B = 3;
        foreach (int h in Widths)
        {
            var (x, y, bias, hp, dh) = (Random(g, B * 3 * h), Random(g, B * 3 * h), Random(g, 3 * h), Random(g, B * h), Random(g, B * h));
            float[][] Run<TLanes>() where TLanes : struct, IGateLanes<TLanes>
            {
                var (saved, hh, dx, dy, dhPrev) = (new float[B * 4 * h], new float[B * h], new float[B * 3 * h], new float[B * 3 * h], new float[B * h]);
                GruGates.Forward<TLanes>(B, h, x, y, bias, hp, saved, hh);
                GruGates.Backward<TLanes>(B, h, dh, hp, saved, dx, dy, dhPrev);
                return [saved, hh, dx, dy, dhPrev];
            }
            var (wide, narrow) = (Run<Lanes512>(), Run<Lanes256>());
            for (int i = 0; i < wide.Length; i++) Same(wide[i], narrow[i], $"GRU H={h} result {i}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rnn_gates_have_the_same_bits_at_both_widths(bool relu)
    {
        if (!BothWidthsRun) return;
        var g = new Generator(5);
        const int B = 3;
        foreach (int h in Widths)
        {
            var (x, y, bias, dh) = (Random(g, B * h), Random(g, B * h), Random(g, h), Random(g, B * h));
            float[][] Run<TLanes>() where TLanes : struct, IGateLanes<TLanes>
            {
                var (hh, dGates) = (new float[B * h], new float[B * h]);
                RnnGates.Forward<TLanes>(B, h, relu, x, y, bias, hh);
                RnnGates.Backward<TLanes>(B, h, relu, dh, hh, dGates);
                return [hh, dGates];
            }
            var (wide, narrow) = (Run<Lanes512>(), Run<Lanes256>());
            for (int i = 0; i < wide.Length; i++) Same(wide[i], narrow[i], $"RNN H={h} relu={relu} result {i}");
        }
    }
}
