namespace Recur.Translation;

/// <summary>
/// Turns a line of text into the tokens a translation model reads or writes, and tokens back into text. Split then
/// Join gives back the line up to whitespace (the word segmenter) or exactly (characters, BPE).
/// </summary>
public interface ISegmenter
{
    string[] Split(string line);

    string Join(IReadOnlyList<string> tokens);
}
