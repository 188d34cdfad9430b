namespace Recur.Speech;

/// <summary>
/// One word of a <see cref="SpeechAlignment"/>: the model frames [<see cref="StartFrame"/>, <see cref="EndFrame"/>)
/// from its first character's first frame to its last character's last, and a confidence in (0, 1]: the geometric
/// mean of the aligned path's probability over those characters' frames.
/// </summary>
public sealed record AlignedWord(string Word, int StartFrame, int EndFrame, double Confidence);
