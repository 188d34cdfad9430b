namespace Recur.Translation;

/// <summary>Every character (UTF-16 code unit) is a token; a space is written ▁ so that a token is never blank.</summary>
public sealed class CharacterSegmenter : ISegmenter
{
    public const char Space = '\u2581';

    public string[] Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var tokens = new string[line.Length];
        for (int i = 0; i < line.Length; i++) tokens[i] = line[i] == ' ' ? Space.ToString() : line[i].ToString();
        return tokens;
    }

    public string Join(IReadOnlyList<string> tokens) => string.Concat(tokens).Replace(Space, ' ');
}
