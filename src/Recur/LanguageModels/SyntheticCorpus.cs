using System.Text;

namespace Recur.LanguageModels;

/// <summary>
/// A seeded generator of Python-like source text: functions whose bodies nest blocks by indentation, calls whose
/// arguments nest brackets of three kinds, and string literals of English words in double quotes. It gives a
/// fresh machine something to learn with no download, and its long-range structure (open quotes, bracket depth,
/// indentation, position in line) is what Karpathy, Johnson &amp; Fei-Fei (2015) found single LSTM cells tracking,
/// so <c>recur lm inspect</c> has something to find. The same seed and size give the same text everywhere.
/// </summary>
public static class SyntheticCorpus
{
    static readonly string[] Names =
        ["data", "value", "count", "index", "total", "items", "result", "node", "left", "right", "size", "key",
         "buffer", "state", "name", "width", "height", "offset", "limit", "score"];
    static readonly string[] Functions =
        ["load", "parse", "update", "merge", "split", "render", "check", "fetch", "scale", "reduce", "encode", "walk"];
    static readonly string[] Words =
        ["the", "quick", "model", "reads", "every", "line", "of", "text", "and", "learns", "to", "close", "each",
         "bracket", "it", "opens", "a", "small", "network", "remembers", "where", "quote", "began", "error", "found"];
    static readonly string[] Operators = ["+", "-", "*", "<", ">", "==", "!="];

    /// <summary>About <paramref name="approximateLength"/> characters (whole functions, so slightly more) from <paramref name="seed"/>.</summary>
    public static string Generate(int approximateLength = 300_000, ulong seed = 1)
    {
        if (approximateLength < 1) throw new ArgumentOutOfRangeException(nameof(approximateLength), approximateLength, "Length must be positive.");
        var g = new Generator(seed);
        var sb = new StringBuilder(approximateLength + 2_000);
        while (sb.Length < approximateLength) Function(sb, g);
        return sb.ToString();
    }

    static string Pick(Generator g, string[] options) => options[g.NextInt(options.Length)];

    static void Function(StringBuilder sb, Generator g)
    {
        sb.Append("def ").Append(Pick(g, Functions)).Append('_').Append(Pick(g, Names)).Append('(');
        int args = 1 + g.NextInt(3);
        for (int i = 0; i < args; i++) sb.Append(i > 0 ? ", " : "").Append(Pick(g, Names));
        sb.Append("):\n");
        Block(sb, g, depth: 1);
        sb.Append('\n');
    }

    static void Block(StringBuilder sb, Generator g, int depth)
    {
        int statements = 1 + g.NextInt(4);
        for (int i = 0; i < statements; i++) Statement(sb, g, depth);
    }

    static void Indent(StringBuilder sb, int depth) => sb.Append(' ', 4 * depth);

    static void Statement(StringBuilder sb, Generator g, int depth)
    {
        Indent(sb, depth);
        int kind = g.NextInt(depth < 4 ? 6 : 4);
        switch (kind)
        {
            case 0 or 1:
                sb.Append(Pick(g, Names)).Append(" = ");
                Expression(sb, g, 0);
                sb.Append('\n');
                break;
            case 2:
                sb.Append("# ");
                Sentence(sb, g);
                sb.Append('\n');
                break;
            case 3:
                sb.Append("return ");
                Expression(sb, g, 0);
                sb.Append('\n');
                break;
            case 4:
                sb.Append("if ").Append(Pick(g, Names)).Append(' ').Append(Pick(g, Operators)).Append(' ');
                Expression(sb, g, 1);
                sb.Append(":\n");
                Block(sb, g, depth + 1);
                break;
            default:
                sb.Append("for ").Append(Pick(g, Names)).Append(" in ");
                Call(sb, g, 1);
                sb.Append(":\n");
                Block(sb, g, depth + 1);
                break;
        }
    }

    // Nesting depth caps recursion so lines stay readable while brackets still nest three or four deep.
    static void Expression(StringBuilder sb, Generator g, int nesting)
    {
        int kind = g.NextInt(nesting < 3 ? 7 : 3);
        switch (kind)
        {
            case 0: sb.Append(Pick(g, Names)); break;
            case 1: sb.Append(g.NextInt(1000)); break;
            case 2: sb.Append('"'); Sentence(sb, g); sb.Append('"'); break;
            case 3 or 4: Call(sb, g, nesting + 1); break;
            case 5:
                sb.Append('[');
                int n = 1 + g.NextInt(3);
                for (int i = 0; i < n; i++) { if (i > 0) sb.Append(", "); Expression(sb, g, nesting + 1); }
                sb.Append(']');
                break;
            default:
                sb.Append("{\"").Append(Pick(g, Names)).Append("\": ");
                Expression(sb, g, nesting + 1);
                sb.Append('}');
                break;
        }
    }

    static void Call(StringBuilder sb, Generator g, int nesting)
    {
        sb.Append(Pick(g, Functions)).Append('(');
        int n = g.NextInt(3);
        for (int i = 0; i < n; i++) { if (i > 0) sb.Append(", "); Expression(sb, g, nesting + 1); }
        sb.Append(')');
    }

    static void Sentence(StringBuilder sb, Generator g)
    {
        int n = 2 + g.NextInt(6);
        for (int i = 0; i < n; i++) sb.Append(i > 0 ? " " : "").Append(Pick(g, Words));
    }
}
