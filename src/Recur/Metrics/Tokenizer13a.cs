// The "13a" tokeniser of mteval-v13a.pl as sacreBLEU applies it before BLEU: unescape four XML entities, split off
// punctuation and symbols, split periods and commas except between digits, split a dash after a digit.
using System.Text.RegularExpressions;

namespace Recur.Metrics;

public static partial class Tokenizer13a
{
    // Symbols in the ranges { to ~, [ to `, space to &, ( to +, : to @, and /.
    [GeneratedRegex(@"([{-~\[-`\x20-&(-+:-@/])", RegexOptions.CultureInvariant)]
    private static partial Regex Symbols();

    [GeneratedRegex(@"([^0-9])([.,])", RegexOptions.CultureInvariant)]
    private static partial Regex PunctuationAfterNonDigit();

    [GeneratedRegex(@"([.,])([^0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PunctuationBeforeNonDigit();

    [GeneratedRegex(@"([0-9])(-)", RegexOptions.CultureInvariant)]
    private static partial Regex DashAfterDigit();

    /// <summary>The tokens of <paramref name="line"/> joined by single spaces.</summary>
    public static string Tokenize(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        line = $" {line} ";
        line = Symbols().Replace(line, " $1 ");
        line = PunctuationAfterNonDigit().Replace(line, "$1 $2 ");
        line = PunctuationBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return string.Join(' ', PythonText.Split(line));
    }
}
