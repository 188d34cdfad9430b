using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Generates text from a character model one character at a time: the prime text is read in one pass to set the
/// state, then each step feeds the last character back and picks the next by <see cref="Sampling.Next"/>.
/// Characters are handed to <paramref name="emit"/> as they are chosen, so a caller can stream them.
/// </summary>
public static class CharLmSampler
{
    /// <param name="prime">Text to condition on (every character must be in the vocabulary); empty starts from a line break when the model knows one.</param>
    /// <returns>The generated characters, without the prime.</returns>
    public static string Generate(CharLanguageModel model, CharVocabulary vocabulary, string prime, int length, SamplingOptions options,
        Generator generator, Action<char>? emit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generator);
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "Length must be non-negative.");
        if (string.IsNullOrEmpty(prime)) prime = vocabulary.Contains('\n') ? "\n" : vocabulary[generator.NextInt(vocabulary.Count)].ToString();
        var ids = vocabulary.Encode(prime);
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            var (logits, _, state) = model.Forward(ids, ids.Length, 1);              // (P, V)
            int V = vocabulary.Count;
            var row = logits.Select(0, ids.Length - 1).ToArray();
            var scratch = new float[V];
            var output = new char[length];
            for (int i = 0; i < length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int next = Sampling.Next(row, options, generator, scratch);
                output[i] = vocabulary[next];
                emit?.Invoke(output[i]);
                if (i == length - 1) break;
                (logits, _, state) = model.Forward([next], 1, 1, state);              // (1, V)
                row = logits.ToArray();
            }
            return new string(output);
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
