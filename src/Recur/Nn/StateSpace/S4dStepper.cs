using System.Numerics.Tensors;
using Recur.Fused;

namespace Recur.Nn;

/// <summary>
/// Streaming inference for an <see cref="S4dNetwork"/> through S4D's recurrent form (Gu et al. 2022, eq. 4–6): per
/// channel and mode x_t = dA·x_{t−1} + dB·u_t, y_t = 2·Re(Σ_n C_n·x_t,n) + D·u_t, between the network's encoder,
/// prenorm residual blocks (GELU, 1×1 conv, GLU) and final LayerNorm. The weights are copied (and dA, dB discretised
/// in double) when the stepper is made; scratch is allocated then too, so a step allocates nothing.
/// State row layout: (layers, H, N/2, 2), the network's carried state.
/// </summary>
internal sealed class S4dStepper : ISequenceStepper
{
    readonly int inputSize, width, modes, layers;
    readonly float[] encoderWeight, encoderBias, finalGain, finalBias;
    readonly Block[] blocks;
    readonly float[] x, z, y, g;

    sealed record Block(float[] Pole, float[] DB, float[] C, float[] D, float[] NormGain, float[] NormBias, float NormEps,
        float[] OutWeight, float[] OutBias);

    public S4dStepper(S4dNetwork network, int batch)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "A stepper needs at least one row.");
        Batch = batch;
        inputSize = network.InputSize; width = network.OutputSize; modes = network.StateSize / 2; layers = network.NumLayers;
        StateSize = layers * width * network.StateSize;
        encoderWeight = network.Encoder.Weight.ToArray();
        encoderBias = network.Encoder.Bias!.ToArray();
        finalGain = network.FinalNorm.Weight.ToArray();
        finalBias = network.FinalNorm.Bias.ToArray();
        FinalEps = network.FinalNorm.Eps;
        blocks = new Block[layers];
        for (int i = 0; i < layers; i++)
        {
            var layer = network.Layers[i];
            var k = layer.Kernel;
            var ssm = new DiagonalSsm(k.LogDt.ToArray(), k.LogAReal.ToArray(), k.AImag.ToArray());
            blocks[i] = new Block(Array.ConvertAll(ssm.InterleavedPoles(), v => (float)v), Array.ConvertAll(DiagonalSsm.Interleave(ssm.DB), v => (float)v),
                k.C.ToArray(), layer.D.ToArray(), network.Norms[i].Weight.ToArray(), network.Norms[i].Bias.ToArray(), network.Norms[i].Eps,
                layer.OutputLinear.Weight.ToArray(), layer.OutputLinear.Bias.ToArray());
        }
        x = new float[width]; z = new float[width]; y = new float[width]; g = new float[2 * width];
    }

    float FinalEps { get; }

    public int Batch { get; }

    public int StateSize { get; }

    public void Step(ReadOnlySpan<float> input, Span<float> state, Span<float> output)
    {
        if (input.Length != Batch * inputSize || state.Length != Batch * StateSize || output.Length != Batch * width)
            throw new ArgumentException($"S4dStepper.Step: expected input {Batch}·{inputSize}, state {Batch}·{StateSize} and output {Batch}·{width} floats; got {input.Length}, {state.Length} and {output.Length}.");
        for (int b = 0; b < Batch; b++)
        {
            var row = input.Slice(b * inputSize, inputSize);
            Linear.Row(encoderWeight, encoderBias, row, x);
            for (int i = 0; i < layers; i++)
                RunBlock(blocks[i], state.Slice(b * StateSize + i * width * 2 * modes, width * 2 * modes));
            LayerNorm.Row(x, finalGain, finalBias, FinalEps, output.Slice(b * width, width));
        }
    }

    void RunBlock(Block k, Span<float> s)
    {
        LayerNorm.Row(x, k.NormGain, k.NormBias, k.NormEps, z);
        for (int h = 0; h < width; h++)
        {
            float u = z[h], sum = 0f;
            for (int n = 0; n < modes; n++)
            {
                int i = 2 * (h * modes + n);
                float pr = k.Pole[i], pi = k.Pole[i + 1], sr = s[i], si = s[i + 1];
                float nr = pr * sr - pi * si + k.DB[i] * u, ni = pr * si + pi * sr + k.DB[i + 1] * u;
                s[i] = nr; s[i + 1] = ni;
                sum += k.C[i] * nr - k.C[i + 1] * ni;
            }
            double v = 2 * sum + k.D[h] * u;
            y[h] = (float)(v * Gelu.Phi(v));
        }
        Linear.Row(k.OutWeight, k.OutBias, y, g.AsSpan(0, 2 * width));
        for (int h = 0; h < width; h++) x[h] += g[h] / (1f + MathF.Exp(-g[width + h]));
    }
}
