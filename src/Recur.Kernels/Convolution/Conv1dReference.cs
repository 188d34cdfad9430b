namespace Recur.Kernels.Convolution;

/// <summary>
/// The direct convolution, loop by loop, that <see cref="Conv1dKernel"/> is tested against: y[b,o,t] = bias[o] +
/// Σ_c Σ_k w[o,c,k]·x[b, g·C_in/G + c, t·s + k·d − P_left] for o in group g, and the adjoints of that sum.
/// </summary>
public static class Conv1dReference
{
    public static void Forward(in Conv1dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        for (int b = 0; b < g.Batch; b++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int t = 0; t < g.OutLength; t++)
                {
                    double sum = bias.IsEmpty ? 0 : bias[o];
                    int group = o / g.GroupOut;
                    for (int c = 0; c < g.GroupIn; c++)
                        for (int k = 0; k < g.KernelSize; k++)
                        {
                            int i = t * g.Stride + g.Offset(k);
                            if (i < 0 || i >= g.InLength) continue;
                            sum += (double)weight[(o * g.GroupIn + c) * g.KernelSize + k] * input[((b * g.InChannels) + group * g.GroupIn + c) * g.InLength + i];
                        }
                    output[(b * g.OutChannels + o) * g.OutLength + t] = (float)sum;
                }
    }

    /// <summary>Adds ∂L/∂input into <paramref name="gradInput"/>.</summary>
    public static void BackwardInput(in Conv1dGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
    {
        for (int b = 0; b < g.Batch; b++)
            for (int o = 0; o < g.OutChannels; o++)
                for (int t = 0; t < g.OutLength; t++)
                {
                    float dy = gradOutput[(b * g.OutChannels + o) * g.OutLength + t];
                    int group = o / g.GroupOut;
                    for (int c = 0; c < g.GroupIn; c++)
                        for (int k = 0; k < g.KernelSize; k++)
                        {
                            int i = t * g.Stride + g.Offset(k);
                            if (i < 0 || i >= g.InLength) continue;
                            gradInput[((b * g.InChannels) + group * g.GroupIn + c) * g.InLength + i] += weight[(o * g.GroupIn + c) * g.KernelSize + k] * dy;
                        }
                }
    }

    /// <summary>Adds ∂L/∂weight into <paramref name="gradWeight"/>.</summary>
    public static void BackwardWeight(in Conv1dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight)
    {
        for (int o = 0; o < g.OutChannels; o++)
            for (int c = 0; c < g.GroupIn; c++)
                for (int k = 0; k < g.KernelSize; k++)
                {
                    double sum = 0;
                    int channel = o / g.GroupOut * g.GroupIn + c;
                    for (int b = 0; b < g.Batch; b++)
                        for (int t = 0; t < g.OutLength; t++)
                        {
                            int i = t * g.Stride + g.Offset(k);
                            if (i < 0 || i >= g.InLength) continue;
                            sum += (double)gradOutput[(b * g.OutChannels + o) * g.OutLength + t] * input[(b * g.InChannels + channel) * g.InLength + i];
                        }
                    gradWeight[(o * g.GroupIn + c) * g.KernelSize + k] += (float)sum;
                }
    }

    /// <summary>Adds ∂L/∂bias = Σ_b Σ_t ∂L/∂y[b,o,t] into <paramref name="gradBias"/>.</summary>
    public static void BackwardBias(in Conv1dGeometry g, ReadOnlySpan<float> gradOutput, Span<float> gradBias)
    {
        for (int o = 0; o < g.OutChannels; o++)
        {
            double sum = 0;
            for (int b = 0; b < g.Batch; b++)
                for (int t = 0; t < g.OutLength; t++) sum += gradOutput[(b * g.OutChannels + o) * g.OutLength + t];
            gradBias[o] += (float)sum;
        }
    }
}
