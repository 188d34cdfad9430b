using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Scores a character model on a token sequence the way <c>torch_charlm.py</c> does: the sequence is cut into
/// (up to) 16 contiguous streams, read in chunks of 256 steps with the state carried across chunks, and every
/// next-character prediction inside a stream counts. The loss is the mean −ln p over those predictions.
/// Short texts use fewer streams, each at least <see cref="MinStreamLength"/> characters where possible, because
/// every stream starts from a zero state and its first characters are predicted with little context.
/// </summary>
public static class CharLmEvaluation
{
    public const int DefaultStreams = 16, DefaultChunk = 256, MinStreamLength = 1024;

    public static LmScore Evaluate(CharLanguageModel model, int[] tokens, int streams = DefaultStreams, int chunk = DefaultChunk,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Length < 2) throw new ArgumentException("Scoring needs at least two characters (one to read, one to predict).", nameof(tokens));
        int B = Math.Clamp(tokens.Length / MinStreamLength, 1, Math.Max(streams, 1));
        var data = new TextStreams(tokens, B);
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            RecurrentState? state = null;
            double total = 0;
            long count = 0;
            for (int position = 0; position < data.Length - 1; position += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (inputs, targets, T) = data.Chunk(position, chunk);
                var (logits, _, next) = model.Forward(inputs, T, B, state);
                total += Functional.CrossEntropy(logits, targets, reduction: Reduction.Sum).Item();
                count += targets.Length;
                state = next;
            }
            return new LmScore(total / count, count);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
