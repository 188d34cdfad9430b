using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>Luong et al.'s (2015) general score h_tᵀW_a h̄_s, with W_a h̄_s computed once per sentence.</summary>
public sealed class GeneralAttention : Attention
{
    readonly Linear weight;

    public GeneralAttention(int querySize, int keySize, Generator generator) =>
        weight = RegisterModule("weight", new Linear(keySize, querySize, bias: false, generator));

    public override Tensor Keys(Tensor memory) => weight.Forward(memory);

    public override Tensor Scores(Tensor q, Tensor keys) => (keys * q.Unsqueeze(1)).Sum(2);   // B dot products of S keys with one query
}
