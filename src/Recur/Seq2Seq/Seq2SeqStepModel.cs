using Recur.Data;
using Recur.Decoding;

namespace Recur.Seq2Seq;

/// <summary>
/// A <see cref="Seq2SeqModel"/> as a step model for the decoders (greedy, sampling, beam search): the state is the
/// rows' encoder memory and decoder state; a step embeds the last tokens, advances the decoder and writes
/// log-softmax of the logits and the attention weights. &lt;pad&gt; and &lt;s&gt; are never proposed, nor
/// &lt;unk&gt; when <see cref="AllowUnknown"/> is off (a word model's &lt;unk&gt; is no translation). The caller puts
/// the model in evaluation mode and turns autograd off.
/// </summary>
public sealed class Seq2SeqStepModel(Seq2SeqModel model) : IStepModel<Seq2SeqStepModel.State>
{
    readonly Seq2SeqModel model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// The rows' encoder memory and decoder state, and which sentence of the encoded batch each row reads. A beam
    /// reorders its hypotheses within a sentence, so the rows' sentences rarely change after the first expansion;
    /// the memory (the largest part of the state) is copied only when they do.
    /// </summary>
    public readonly record struct State(EncoderMemory Memory, DecoderState Decoder, int[] Sentences);

    public bool AllowUnknown { get; init; }

    public int VocabularySize => model.Config.TargetVocabularySize;

    public bool HasAttention => model.Config.Attention != AttentionKind.None;

    /// <summary>The state of a freshly encoded batch.</summary>
    public State Start(EncoderMemory memory) => new(memory, model.InitialState(memory), Enumerable.Range(0, memory.Batch).ToArray());

    public State Step(State state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention)
    {
        var (decoder, features, weights) = model.Step(state.Memory, state.Decoder, model.EmbedTarget(tokens, tokens.Length));
        model.Logits(features).LogSoftmax(1).AsSpan().CopyTo(logProbs);
        int V = VocabularySize;
        for (int r = 0; r < tokens.Length; r++)
        {
            var row = logProbs.Slice(r * V, V);
            row[TokenVocabulary.PadId] = row[TokenVocabulary.BeginId] = float.NegativeInfinity;
            if (!AllowUnknown) row[TokenVocabulary.UnknownId] = float.NegativeInfinity;
        }
        if (weights is not null && !attention.IsEmpty) weights.AsSpan().CopyTo(attention);
        return state with { Decoder = decoder };
    }

    public State Select(State state, ReadOnlySpan<int> rows)
    {
        var sentences = new int[rows.Length];
        for (int r = 0; r < rows.Length; r++) sentences[r] = state.Sentences[rows[r]];
        var memory = sentences.AsSpan().SequenceEqual(state.Sentences) ? state.Memory : state.Memory.Select(rows);
        return new State(memory, state.Decoder.Select(rows), sentences);
    }
}
