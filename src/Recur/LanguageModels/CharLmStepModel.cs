using Recur.Decoding;
using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// A character model as a step model for the decoders: each step embeds the rows' last characters, advances the
/// layer's state one step and returns log-softmax of the logits (B, V). Rows are reordered by
/// index-selecting the state's batch axis. The caller puts the model in evaluation mode and turns autograd off.
/// </summary>
public sealed class CharLmStepModel(CharLanguageModel model) : IStepModel<SequenceState>
{
    readonly CharLanguageModel model = model ?? throw new ArgumentNullException(nameof(model));

    public int VocabularySize => model.Config.VocabularySize;

    public bool HasAttention => false;

    public SequenceState Step(SequenceState state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention)
    {
        var (logits, _, next) = model.Forward(tokens, 1, tokens.Length, state);       // (B, V)
        logits.LogSoftmax(1).AsSpan().CopyTo(logProbs);
        return next;
    }

    public SequenceState Select(SequenceState state, ReadOnlySpan<int> rows) => state.Select(rows);
}
