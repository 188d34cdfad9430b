namespace Recur.Decoding;

/// <summary>
/// One output of <see cref="CtcPrefixBeamSearch"/>. <see cref="Tokens"/> are the collapsed labels (repeats merged, blanks
/// dropped) and <see cref="Text"/> their alphabet entries joined, delimiters as they were decoded. <see cref="AcousticLogProb"/> is
/// ln Σ p(π | X) over every alignment π that collapses to the labels (the part the beam kept);
/// <see cref="LmLogProb"/> is the language model's unweighted ln p of the <see cref="Words"/> words and the closing
/// <c>&lt;/s&gt;</c> (0 without a language model). <see cref="Score"/>, what the search ranked by, is
/// AcousticLogProb + α·LmLogProb + β·Words + the unknown-word offset per word the language model lacks + the hotword bonus.
/// </summary>
public sealed record CtcHypothesis(string Text, int[] Tokens, double Score, double AcousticLogProb, double LmLogProb, int Words);
