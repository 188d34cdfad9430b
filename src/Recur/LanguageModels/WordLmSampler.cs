using Recur.Data;
using Recur.Decoding;

namespace Recur.LanguageModels;

/// <summary>
/// Generates sentences from a word model through the shared decoder (<see cref="Sampler"/> over a
/// <see cref="CharLmStepModel"/>): the state is set by reading <c>&lt;/s&gt;</c> and the prime words, then each
/// sentence is sampled until <c>&lt;/s&gt;</c> or <paramref name="maxWords"/>, independently of the others.
/// </summary>
public static class WordLmSampler
{
    /// <param name="prime">Words every sentence starts with (unseen ones are read as <c>&lt;unk&gt;</c>); empty starts a fresh sentence.</param>
    /// <returns>The sentences, prime included, words separated by single spaces.</returns>
    public static string[] Generate(CharLanguageModel model, TokenVocabulary vocabulary, string prime, int sentences, int maxWords,
        SamplingOptions options, Generator generator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(sentences, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 1);
        var words = prime.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        long unknown = 0;
        var ids = vocabulary.Encode([TokenVocabulary.End, .. words], ref unknown);
        bool wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            var state = ids.Length > 1 ? model.Forward(ids.AsSpan(0, ids.Length - 1), ids.Length - 1, 1).State : model.ZeroState(1);
            var run = options with { MaxLength = maxWords, EndToken = TokenVocabulary.EndId, MinLength = 0, SamplesPerInput = sentences };
            var samples = Sampler.Generate(new CharLmStepModel(model), state, [ids[^1]], run, generator, cancellationToken: cancellationToken);
            return samples[0].Select(h => string.Join(' ', words.Concat(h.Tokens.Where(t => t != TokenVocabulary.EndId).Select(t => vocabulary[t])))).ToArray();
        }
        finally { model.Train(wasTraining); }
    }
}
