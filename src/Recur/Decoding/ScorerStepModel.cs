using Recur.NGram;

namespace Recur.Decoding;

/// <summary>
/// Any <see cref="ILanguageModelScorer{TState}"/> (an n-gram model) as a step model, so that it plugs into the
/// same searches and into <see cref="ShallowFusion{TModel, TLanguageModel}"/> as a neural one. The state is one
/// scorer state per row; feeding a token advances a row's state, except the start token, which leaves the
/// sentence-initial state. Each row then gets ln p(v | state) for every decoder token v, and the end token gets
/// the scorer's end-of-sentence log-probability. Costs V scorer look-ups per row and step.
/// </summary>
public sealed class ScorerStepModel<TState> : IStepModel<TState[]> where TState : IEquatable<TState>
{
    readonly ILanguageModelScorer<TState> scorer;
    readonly int[] scorerIds;
    readonly int startToken, endToken;

    /// <param name="vocabulary">The decoder's tokens by id, mapped to the scorer's ids with <see cref="ILanguageModelScorer{TState}.TokenId"/>.</param>
    public ScorerStepModel(ILanguageModelScorer<TState> scorer, IReadOnlyList<string> vocabulary, int startToken, int endToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if ((uint)startToken >= (uint)vocabulary.Count || (uint)endToken >= (uint)vocabulary.Count)
            throw new ArgumentOutOfRangeException(nameof(endToken), "The start and end tokens must be vocabulary ids.");
        this.scorer = scorer;
        scorerIds = vocabulary.Select(token => scorer.TokenId(token)).ToArray();
        (this.startToken, this.endToken) = (startToken, endToken);
    }

    public int VocabularySize => scorerIds.Length;

    public bool HasAttention => false;

    /// <summary>The sentence-initial state for <paramref name="rows"/> rows.</summary>
    public TState[] Start(int rows)
    {
        var states = new TState[rows];
        Array.Fill(states, scorer.BeginSentence());
        return states;
    }

    public TState[] Step(TState[] state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention)
    {
        int V = scorerIds.Length;
        for (int r = 0; r < tokens.Length; r++)
        {
            if (tokens[r] != startToken) scorer.LogProb(state[r], scorerIds[tokens[r]], out state[r]);
            var row = logProbs.Slice(r * V, V);
            for (int v = 0; v < V; v++)
                row[v] = (float)(v == endToken ? scorer.EndSentenceLogProb(state[r]) : scorer.LogProb(state[r], scorerIds[v], out _));
        }
        return state;
    }

    public TState[] Select(TState[] state, ReadOnlySpan<int> rows)
    {
        var selected = new TState[rows.Length];
        for (int r = 0; r < rows.Length; r++) selected[r] = state[rows[r]];
        return selected;
    }
}
