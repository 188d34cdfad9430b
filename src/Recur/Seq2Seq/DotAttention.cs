using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>Luong et al.'s (2015) dot score h_tᵀh̄_s.</summary>
public sealed class DotAttention : Attention
{
    public override Tensor Keys(Tensor memory) => memory;

    public override Tensor Scores(Tensor q, Tensor keys) => keys.MatMul(q.Unsqueeze(2)).Squeeze(2);
}
