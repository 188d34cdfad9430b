namespace Recur.Nn;

/// <summary>
/// How a recurrent layer's parameters start. Every parameter is first drawn from PyTorch's default
/// U(−1/√H, 1/√H); then, optionally, each gate block of the recurrent weights is made orthogonal (Saxe et al.
/// 2013), and an LSTM's forget-gate bias is set so that b_ih + b_hh equals <see cref="ForgetGateBias"/>
/// (1 in Jozefowicz et al. 2015), which keeps the cell state flowing early in training.
/// </summary>
public sealed record RecurrentInit(bool OrthogonalRecurrent = false, float? ForgetGateBias = null)
{
    /// <summary>PyTorch's default: uniform everywhere.</summary>
    public static RecurrentInit Default { get; } = new();

    /// <summary>Orthogonal recurrent weights and forget-gate bias 1.</summary>
    public static RecurrentInit Recommended { get; } = new(true, 1f);

    internal void Apply(int hidden, int gates, bool isLstm, Tensor inputWeight, Tensor hiddenWeight, Tensor? inputBias,
        Tensor? hiddenBias, Tensor? projectionWeight, Generator? generator)
    {
        float bound = 1f / MathF.Sqrt(hidden);
        foreach (var p in new[] { inputWeight, hiddenWeight, inputBias, hiddenBias, projectionWeight })
            if (p is not null) Init.Uniform(p, -bound, bound, generator);
        if (OrthogonalRecurrent)
            for (int k = 0; k < gates; k++)
            {
                var block = Tensor.Zeros(hidden, hiddenWeight.Size(1));
                Init.Orthogonal(block, 1f, generator);
                block.AsSpan().CopyTo(hiddenWeight.AsSpan().Slice(k * block.Count, block.Count));
            }
        if (isLstm && ForgetGateBias is float forget && inputBias is not null)
        {
            // Gate order i, f, g, o: the forget gate is rows [H, 2H).
            inputBias.AsSpan().Slice(hidden, hidden).Fill(forget);
            hiddenBias?.AsSpan().Slice(hidden, hidden).Clear();
        }
    }
}
