using Recur.Decoding;

namespace Recur.Speech;

/// <summary>
/// A recognised utterance: the best text (white space normalised as transcripts are: no delimiter at either end or
/// twice in a row), the n-best list (one entry when decoding greedily, scored by its best path's
/// ln p), and the frames the model read.
/// </summary>
public sealed record Transcription(string Text, IReadOnlyList<CtcHypothesis> NBest, int Frames);
