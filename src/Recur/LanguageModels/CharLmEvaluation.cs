using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Scores a character model on a token sequence of N tokens: every token after the first is predicted exactly once,
/// so the loss is the mean −ln p over N − 1 predictions whatever the batching. For speed the N − 1 targets are cut
/// into B contiguous segments (up to 16, each at least <see cref="MinStreamLength"/> long where the text allows)
/// scored in parallel, one per batch row, in chunks of 256 steps with the state carried across chunks. Segment 0
/// starts at the first token from the zero state, exactly as one serial pass would. Every later segment starts
/// reading <c>warmup</c> tokens before its first scored one and leaves those predictions out, so that its first
/// characters are predicted with context; with <c>warmup</c> ≥ N every row reads from the start and the score is
/// the serial pass's. Rows shorter than the longest are padded at the end with ignored targets.
/// </summary>
public static class CharLmEvaluation
{
    public const int DefaultStreams = 16, DefaultChunk = 256, MinStreamLength = 1024, DefaultWarmup = 256;

    const int Ignored = -100; // CrossEntropy's ignore index

    /// <param name="tokenLogProbs">When given (length N − 1), receives ln p of token p at index p − 1.</param>
    public static LmScore Evaluate(CharLanguageModel model, int[] tokens, int streams = DefaultStreams, int chunk = DefaultChunk,
        int warmup = DefaultWarmup, CancellationToken cancellationToken = default, double[]? tokenLogProbs = null)
    {
        if (tokenLogProbs is not null && tokenLogProbs.Length != tokens.Length - 1)
            throw new ArgumentException($"{tokenLogProbs.Length} slots for {tokens.Length - 1} predictions.", nameof(tokenLogProbs));
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Length < 2) throw new ArgumentException("Scoring needs at least two characters (one to read, one to predict).", nameof(tokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        int predictions = tokens.Length - 1;
        int B = Math.Clamp(predictions / MinStreamLength, 1, Math.Max(streams, 1));
        // Row b scores the tokens at positions [first[b], end[b]) and reads from position from[b].
        var first = new int[B];
        var end = new int[B];
        var from = new int[B];
        int steps = 0;
        for (int b = 0; b < B; b++)
        {
            first[b] = 1 + (int)((long)b * predictions / B);
            end[b] = 1 + (int)((long)(b + 1) * predictions / B);
            from[b] = Math.Max(0, first[b] - 1 - warmup);
            steps = Math.Max(steps, end[b] - 1 - from[b]);
        }
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            SequenceState? state = null;
            double total = 0;
            var inputs = new int[chunk * B];
            var targets = new int[chunk * B];
            for (int t0 = 0; t0 < steps; t0 += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int T = Math.Min(chunk, steps - t0);
                for (int t = 0; t < T; t++)
                    for (int b = 0; b < B; b++)
                    {
                        int p = from[b] + 1 + t0 + t; // the position predicted at step t0 + t   (T, B) time-major
                        bool inRow = p < end[b];
                        inputs[t * B + b] = inRow ? tokens[p - 1] : 0;
                        targets[t * B + b] = inRow && p >= first[b] ? tokens[p] : Ignored;
                    }
                var (logits, _, next) = model.Forward(inputs.AsSpan(0, T * B), T, B, state);
                if (tokenLogProbs is null)
                    total += Functional.CrossEntropy(logits, targets.AsSpan(0, T * B), ignoreIndex: Ignored, reduction: Reduction.Sum).Item();
                else
                {
                    var losses = Functional.CrossEntropy(logits, targets.AsSpan(0, T * B), ignoreIndex: Ignored, reduction: Reduction.None).ToArray();
                    for (int t = 0; t < T; t++)
                        for (int b = 0; b < B; b++)
                        {
                            if (targets[t * B + b] == Ignored) continue;
                            total += losses[t * B + b];
                            tokenLogProbs[from[b] + t0 + t] = -losses[t * B + b];
                        }
                }
                state = next;
            }
            return new LmScore(total / predictions, predictions);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
