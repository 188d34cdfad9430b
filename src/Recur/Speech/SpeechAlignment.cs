using Recur.Decoding;

namespace Recur.Speech;

/// <summary>
/// A transcript aligned to a recording by <see cref="SpeechRecognizer.Align(IReadOnlyList{float[]}, IReadOnlyList{string}, int, CancellationToken)"/>:
/// the character-level CTC alignment at the model's frame rate, its words (split at the space), and the seconds one
/// model frame spans (the features' hop times the frames stacked), so that frames convert to times.
/// </summary>
public sealed record SpeechAlignment(CtcAlignment Characters, IReadOnlyList<AlignedWord> Words, double FrameSeconds)
{
    public double Seconds(int frame) => frame * FrameSeconds;

    /// <summary>Words from a character alignment: maximal runs of non-space characters.</summary>
    public static IReadOnlyList<AlignedWord> WordsOf(CtcAlignment characters, CtcAlphabet alphabet)
    {
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentNullException.ThrowIfNull(alphabet);
        var words = new List<AlignedWord>();
        var text = new System.Text.StringBuilder();
        int start = 0, end = 0, frames = 0;
        double logProb = 0;
        void Close()
        {
            if (text.Length > 0) words.Add(new AlignedWord(text.ToString(), start, end, Math.Exp(logProb / frames)));
            (text.Length, frames, logProb) = (0, 0, 0);
        }
        foreach (var span in characters.Tokens)
        {
            string symbol = alphabet.Symbols[span.Token];
            if (symbol == " ") { Close(); continue; }
            if (text.Length == 0) start = span.Start;
            text.Append(symbol);
            (end, frames, logProb) = (span.End, frames + span.Length, logProb + span.LogProb);
        }
        Close();
        return words;
    }
}
