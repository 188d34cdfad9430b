namespace Recur.NGram;

/// <summary>
/// One word of a scored sentence, the fields KenLM's <c>query</c> prints per word: where the word lies in the
/// sentence (<see cref="Token"/>; an empty range for the closing <c>&lt;/s&gt;</c>), its vocabulary id
/// (<see cref="Vocabulary.Unknown"/> for a word the model lacks), the order of the longest n-gram the model
/// matched for it, and log10 p(word | context) including back-off weights.
/// </summary>
public readonly record struct WordScore(Range Token, int WordId, int NGramLength, float Log10Prob)
{
    public bool IsUnknown => WordId == Vocabulary.Unknown;
}
