namespace Recur.Decoding;

/// <summary>
/// Beam search batched over inputs × beams: every step runs the model once on all R = N·K rows, then each search
/// unit (an input, or one of its G diverse groups of W = K / G beams) keeps its W best continuations. As in
/// fairseq, each unit ranks its 2W best candidates; an end token among the first W finishes a hypothesis, and the
/// first W others stay alive, so the beam never shrinks because some hypotheses ended. Finished hypotheses are
/// ranked by log P / lp(|Y|) + coverage term; live ones by their (diversity-penalised) log-probability.
/// Diverse beam search follows Vijayakumar et al. (2016, Algorithm 1): groups are expanded in order and a token's
/// log-probability in group g drops by λ for every beam of an earlier group that chose it at this step.
/// </summary>
public static partial class BeamSearch
{
    /// <param name="model">Stepped on all rows together; its state is reordered with <see cref="IStepModel{TState}.Select"/> after each step.</param>
    /// <param name="initial">The state of the N inputs, one row each (an encoder's output, a primed LM).</param>
    /// <param name="startTokens">The first token fed for each input (a begin-of-sequence id); N = its length.</param>
    /// <param name="sourceLengths">|X| of each input: sets a·|X| + b and, for a model with attention (where it is required), the attention width.</param>
    /// <returns>For each input, up to <see cref="BeamSearchOptions.NBest"/> hypotheses, best first.</returns>
    public static Hypothesis[][] Decode<TState>(IStepModel<TState> model, TState initial, ReadOnlySpan<int> startTokens, BeamSearchOptions options,
        ReadOnlySpan<int> sourceLengths = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(model.VocabularySize);
        int N = startTokens.Length, K = options.BeamSize;
        if (N == 0) return [];
        if (!sourceLengths.IsEmpty && sourceLengths.Length != N)
            throw new ArgumentException($"{sourceLengths.Length} source lengths for {N} inputs.", nameof(sourceLengths));
        if (model.HasAttention && sourceLengths.IsEmpty)
            throw new ArgumentException("A model with attention needs the source lengths (the attention width).", nameof(sourceLengths));
        if (options.CoveragePenalty.Kind != CoveragePenaltyKind.None && !model.HasAttention)
            throw new ArgumentException("The coverage penalty needs a model that returns attention.", nameof(options));
        foreach (int s in sourceLengths) if (s < 0) throw new ArgumentOutOfRangeException(nameof(sourceLengths), s, "Source lengths must be non-negative.");

        using var book = new Book(options, model.VocabularySize, N, sourceLengths, model.HasAttention);
        var expand = new int[N * K];
        for (int r = 0; r < expand.Length; r++) expand[r] = r / K;
        var state = model.Select(initial, expand);
        book.Start(startTokens);
        for (int t = 0; ; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state = model.Step(state, book.Tokens, book.LogProbs, book.AttentionAt(t));
            if (book.Advance(t)) break;
            state = model.Select(state, book.Parents);
        }
        return book.Results();
    }
}
