using Recur.Decoding;
using Recur.Nn;

namespace Recur.LanguageModels;

/// <summary>
/// Generates text from a character model through the shared decoder (<see cref="Sampler"/> over a
/// <see cref="CharLmStepModel"/>): all but the last prime character are read in one pass to set the state, then
/// the last one is the first token fed and each step feeds the chosen character back. Characters are handed to
/// <paramref name="emit"/> as they are chosen, so a caller can stream them.
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
            var state = ids.Length > 1 ? model.Forward(ids.AsSpan(0, ids.Length - 1), ids.Length - 1, 1).State : model.ZeroState(1);
            var run = options with { MaxLength = length, EndToken = null, MinLength = 0, SamplesPerInput = 1 };
            var sample = Sampler.Generate(new CharLmStepModel(model), state, [ids[^1]], run, generator,
                emit is null ? null : (_, id) => emit(vocabulary[id]), cancellationToken: cancellationToken);
            return new string(sample[0][0].Tokens.Select(id => vocabulary[id]).ToArray());
        }
        finally
        {
            model.Train(wasTraining);
        }
    }
}
