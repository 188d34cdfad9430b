using Recur.LanguageModels;

namespace Recur.Seq2Seq;

/// <summary>
/// The architecture of a <see cref="Seq2SeqModel"/>. The encoder reads E-dimensional source embeddings through
/// <see cref="EncoderLayers"/> recurrent layers whose outputs have <see cref="HiddenSize"/> features (H/2 a direction
/// when bidirectional); the decoder is one recurrent cell of H units. <see cref="ReadoutSize"/> R &gt; 0 puts a tanh
/// layer of R units between the decoder's features and the vocabulary (Pascanu et al. 2014's deep output, smaller than
/// the features so that the V-wide product, the costliest of a step, is cheaper). <see cref="TieOutput"/> shares the
/// output layer's weight with the target embedding (Press &amp; Wolf 2017), which needs R = E.
/// </summary>
public sealed record Seq2SeqConfig(int SourceVocabularySize, int TargetVocabularySize, CellKind Cell = CellKind.Gru, int EmbeddingSize = 256,
    int HiddenSize = 512, int EncoderLayers = 1, bool Bidirectional = true, AttentionKind Attention = AttentionKind.Bahdanau,
    BridgeKind Bridge = BridgeKind.Linear, float Dropout = 0.3f, int ReadoutSize = 0, bool TieOutput = false)
{
    /// <summary>Features of each encoder output h_j: H, split over the two directions when bidirectional.</summary>
    public int EncoderOutputSize => HiddenSize;

    /// <summary>Width of the decoder's per-step feature vector that the output layer reads.</summary>
    public int FeatureSize => Attention is AttentionKind.None or AttentionKind.Bahdanau ? HiddenSize + EncoderOutputSize + EmbeddingSize : HiddenSize;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first field out of range or the first pair that does not fit.</summary>
    public void Validate()
    {
        if (SourceVocabularySize < 5 || TargetVocabularySize < 5)
            throw new ArgumentOutOfRangeException(nameof(SourceVocabularySize), "Each vocabulary holds the four special tokens and at least one more.");
        if (!Cell.IsRecurrent()) throw new ArgumentException($"The decoder steps a recurrent cell: rnn, lstm or gru, not {Cell.ToString().ToLowerInvariant()}.");
        if (EmbeddingSize < 1) throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), EmbeddingSize, "The embedding size must be at least 1.");
        if (HiddenSize < 2) throw new ArgumentOutOfRangeException(nameof(HiddenSize), HiddenSize, "The hidden size must be at least 2.");
        if (Bidirectional && HiddenSize % 2 != 0) throw new ArgumentException($"A bidirectional encoder splits the hidden size over two directions; {HiddenSize} is odd.");
        if (EncoderLayers < 1) throw new ArgumentOutOfRangeException(nameof(EncoderLayers), EncoderLayers, "The encoder needs at least one layer.");
        if (Dropout is < 0f or >= 1f || float.IsNaN(Dropout)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must lie in [0, 1).");
        if (ReadoutSize < 0) throw new ArgumentOutOfRangeException(nameof(ReadoutSize), ReadoutSize, "The readout size must be 0 (none) or positive.");
        int projected = ReadoutSize > 0 ? ReadoutSize : FeatureSize;
        if (TieOutput && projected != EmbeddingSize)
            throw new ArgumentException($"Tying the output layer to the target embedding needs the readout size ({projected}) to equal the embedding size ({EmbeddingSize}).");
    }
}
