using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>
/// v·tanh(W q + U h_j + b): Bahdanau et al. (2014, appendix A.1.2) with q = s_{t−1}, and Luong et al.'s (2015)
/// concat score with q = h_t, which is the same network over [h_t; h̄_s].
/// </summary>
public sealed class AdditiveAttention : Attention
{
    readonly Linear query, key, energy;

    public AdditiveAttention(int querySize, int keySize, int attentionSize, Generator generator)
    {
        query = RegisterModule("query", new Linear(querySize, attentionSize, bias: false, generator));
        key = RegisterModule("key", new Linear(keySize, attentionSize, bias: true, generator));
        energy = RegisterModule("energy", new Linear(attentionSize, 1, bias: false, generator));
    }

    public override Tensor Keys(Tensor memory) => key.Forward(memory);

    public override Tensor Scores(Tensor q, Tensor keys) => energy.Forward((keys + query.Forward(q).Unsqueeze(1)).Tanh()).Squeeze(2);
}
