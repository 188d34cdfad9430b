namespace Recur.Speech;

/// <summary>
/// What a recogniser's features are normalised over: each utterance on its own (mean 0, variance 1 per dimension
/// over its frames), or the training corpus (<see cref="Audio.FeatureStatistics"/>, stored with the model).
/// </summary>
public enum FeatureNormalizationScope { Utterance, Corpus }
