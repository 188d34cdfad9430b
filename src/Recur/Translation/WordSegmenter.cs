using System.Text;
using System.Text.RegularExpressions;

namespace Recur.Translation;

/// <summary>
/// Word tokens that keep case: numbers with inner separators (3.5, 10,000, 12:30) whole, an apostrophe clitic
/// ('s, 're) as its own token, runs of letters and digits, and every other non-space character alone. Join puts the
/// spaces back by the usual typographic rules — none before closing punctuation and clitics, none after opening
/// brackets, none around hyphens, quotes alternating between opening and closing — which is all BLEU needs, since
/// it re-tokenises (13a) before counting.
/// </summary>
public sealed partial class WordSegmenter : ISegmenter
{
    [GeneratedRegex(@"\p{N}+(?:[.,:]\p{N}+)+|'\p{L}+|[\p{L}\p{N}\p{M}_]+|\S")]
    private static partial Regex TokenPattern();

    const string Closing = ".,!?;:)]}%";
    const string Opening = "([{¿¡";

    public string[] Split(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var matches = TokenPattern().Matches(line);
        var tokens = new string[matches.Count];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = matches[i].Value;
        return tokens;
    }

    public string Join(IReadOnlyList<string> tokens)
    {
        var text = new StringBuilder();
        bool glueNext = true, quoteOpen = false;
        foreach (string token in tokens)
        {
            bool glue;
            if (token == "\"")
            {
                glue = quoteOpen || glueNext;   // a closing quote hugs the word before it
                glueNext = !quoteOpen;          // an opening quote hugs the word after it
                quoteOpen = !quoteOpen;
            }
            else if (token.Length == 1 && Closing.Contains(token[0]) || token.StartsWith('\'') && token.Length > 1) (glue, glueNext) = (true, false);
            else if (token == "-") (glue, glueNext) = (true, true);
            else if (token.Length == 1 && Opening.Contains(token[0])) (glue, glueNext) = (glueNext, true);
            else (glue, glueNext) = (glueNext, false);
            if (text.Length > 0 && !glue) text.Append(' ');
            text.Append(token);
        }
        return text.ToString();
    }
}
