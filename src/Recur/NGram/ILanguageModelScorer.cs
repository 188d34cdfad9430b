namespace Recur.NGram;

/// <summary>
/// What a decoder (beam search, CTC prefix beam search) needs from a language model for shallow fusion: a start
/// state, and the log-probability of the next token with the state that follows. States are values: a hypothesis
/// keeps its own and two hypotheses whose states are equal can be merged. Log-probabilities are natural logarithms,
/// like a neural model's log-softmax, so n-gram and neural models plug in alike.
/// </summary>
public interface ILanguageModelScorer<TState> where TState : IEquatable<TState>
{
    /// <summary>The state at the start of a sentence (after <c>&lt;s&gt;</c>).</summary>
    TState BeginSentence();

    /// <summary>The scorer's id for <paramref name="token"/>; unknown tokens map to its unknown id.</summary>
    int TokenId(ReadOnlySpan<char> token);

    /// <summary>Whether <paramref name="token"/> (an id from <see cref="TokenId"/>) is the unknown word's id; false for a scorer without one.</summary>
    bool IsUnknown(int token) => false;

    /// <summary>ln p(token | state), and in <paramref name="next"/> the state once <paramref name="token"/> is appended.</summary>
    double LogProb(TState state, int token, out TState next);

    /// <summary>ln p(&lt;/s&gt; | state): the cost of ending the hypothesis here.</summary>
    double EndSentenceLogProb(TState state);
}
