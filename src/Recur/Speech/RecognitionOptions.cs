using Recur.Decoding;
using Recur.NGram;

namespace Recur.Speech;

/// <summary>
/// How <see cref="SpeechRecognizer"/> turns the model's frame posteriors into text: greedy best path (<see cref="Beam"/>
/// = 1, no language model), or CTC prefix beam search with <see cref="Search"/>'s beam and pruning, fused with an
/// n-gram <see cref="LanguageModel"/> when one is given.
/// </summary>
public sealed record RecognitionOptions
{
    /// <summary>Prefix-beam width; 1 decodes greedily unless a language model is given.</summary>
    public int Beam { get; init; } = 1;

    /// <summary>The beam search's weights and pruning (pyctcdecode's defaults); its beam width is <see cref="Beam"/>.</summary>
    public CtcBeamSearchOptions Search { get; init; } = new();

    /// <summary>A word n-gram model fused at word boundaries (shallow fusion, weight α and bonus β from <see cref="Search"/>).</summary>
    public BackoffModel? LanguageModel { get; init; }

    /// <summary>Utterances per forward pass.</summary>
    public int BatchSize { get; init; } = 16;

    public bool IsGreedy => Beam <= 1 && LanguageModel is null;
}
