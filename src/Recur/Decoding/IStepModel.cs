namespace Recur.Decoding;

/// <summary>
/// What every decoder (greedy, sampling, beam search) needs from a model: one batched step from the last token of
/// each row to the log-probabilities of the next, and a way to reorder rows when beams are pruned. The state is
/// the model's own (an RNN's h, an encoder's outputs plus a decoder state, an n-gram context per row); the search
/// never looks inside it. Rows are R = inputs × beams (or × samples); V is <see cref="VocabularySize"/>; S is the
/// longest source in the batch when the model attends over one.
/// </summary>
public interface IStepModel<TState>
{
    /// <summary>V: the width of each row of log-probabilities.</summary>
    int VocabularySize { get; }

    /// <summary>Whether <see cref="Step"/> writes attention weights (needed by the coverage penalty and returned with the best hypothesis).</summary>
    bool HasAttention { get; }

    /// <summary>
    /// Feeds <paramref name="tokens"/> (R: the last token of each row) and returns the state after them. Writes
    /// ln p(next | row's prefix) into <paramref name="logProbs"/> (R × V, row-major) and, when
    /// <see cref="HasAttention"/>, the step's attention over the source into <paramref name="attention"/>
    /// (R × S, zeros past a row's source length; empty otherwise). The model may update the state in place.
    /// </summary>
    TState Step(TState state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention);

    /// <summary>A state whose row r is row <paramref name="rows"/>[r] of <paramref name="state"/> (index-select by parent beam); rows may repeat.</summary>
    TState Select(TState state, ReadOnlySpan<int> rows);
}
