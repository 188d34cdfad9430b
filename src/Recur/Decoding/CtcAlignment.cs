namespace Recur.Decoding;

/// <summary>
/// A CTC alignment found by <see cref="CtcForcedAligner"/>: the class of every frame (blank or label), the frames each
/// label of the labelling occupies, in order, and the path's ln p (the sum of its frames' log-probabilities).
/// </summary>
public sealed record CtcAlignment(IReadOnlyList<int> Frames, IReadOnlyList<CtcTokenSpan> Tokens, double LogProb);

