using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>
/// A score function a(query, h_j) over the encoder's outputs. The part that depends only on the source — U·h_j for
/// the additive score, W_a·h̄_s for Luong's general one — is computed once per sentence in <see cref="Keys"/>, so a
/// decoder step costs one product with the query. Normalising the scores and forming the context is shared
/// (<see cref="Seq2SeqModel"/>), so every kind masks padding the same way.
/// </summary>
public abstract class Attention : Module
{
    /// <summary>The per-sentence keys from the encoder outputs (B, S, He).</summary>
    public abstract Tensor Keys(Tensor memory);

    /// <summary>Unnormalised scores (B, S) of <paramref name="query"/> (B, Hq) against <paramref name="keys"/>.</summary>
    public abstract Tensor Scores(Tensor query, Tensor keys);

    public static Attention? Create(AttentionKind kind, int querySize, int keySize, Generator generator) => kind switch
    {
        AttentionKind.None => null,
        AttentionKind.Bahdanau or AttentionKind.LuongConcat => new AdditiveAttention(querySize, keySize, querySize, generator),
        AttentionKind.LuongGeneral => new GeneralAttention(querySize, keySize, generator),
        AttentionKind.LuongDot => querySize == keySize ? new DotAttention()
            : throw new ArgumentException($"Dot attention needs the decoder state ({querySize}) and the encoder outputs ({keySize}) to have one size."),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
