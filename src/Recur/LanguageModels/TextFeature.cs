namespace Recur.LanguageModels;

/// <summary>
/// A simple property of the text at each position, measured after reading that character — the quantities that
/// Karpathy, Johnson &amp; Fei-Fei (2015), "Visualizing and Understanding Recurrent Networks", found individual LSTM
/// cells tracking.
/// </summary>
public sealed record TextFeature(string Name, string Description, Func<string, double[]> Measure)
{
    /// <summary>1 from an opening double quote up to (not including) its closing one, else 0.</summary>
    public static TextFeature InsideQuotes { get; } = new("inside-quotes", "inside a double-quoted string", text =>
    {
        var values = new double[text.Length];
        bool inside = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') inside = !inside;
            values[i] = inside ? 1 : 0;
        }
        return values;
    });

    /// <summary>Open brackets ( [ { minus closed ones so far, never below 0.</summary>
    public static TextFeature BracketDepth { get; } = new("bracket-depth", "depth of nested brackets ( [ {", text =>
    {
        var values = new double[text.Length];
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is '(' or '[' or '{') depth++;
            else if (text[i] is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
            values[i] = depth;
        }
        return values;
    });

    /// <summary>Characters since the last line break (0 for the first character of a line and for the break itself).</summary>
    public static TextFeature LinePosition { get; } = new("line-position", "position within the line", text =>
    {
        var values = new double[text.Length];
        int column = 0;
        for (int i = 0; i < text.Length; i++)
        {
            values[i] = text[i] == '\n' ? 0 : column;
            column = text[i] == '\n' ? 0 : column + 1;
        }
        return values;
    });

    public static IReadOnlyList<TextFeature> All { get; } = [InsideQuotes, BracketDepth, LinePosition];
}
