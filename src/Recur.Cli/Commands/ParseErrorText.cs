using System.CommandLine;
using System.CommandLine.Parsing;

namespace Recur.Cli.Commands;

/// <summary>
/// Words System.CommandLine's parse errors for a user: a value that does not convert names the option and the kind
/// of value expected (<c>--minutes: 'abc' is not a number</c>) instead of a .NET type name; other errors keep the
/// library's text, which names the token, prefixed with the option it concerns and folded onto one line (the list of
/// allowed values comes one per line).
/// </summary>
internal static class ParseErrorText
{
    public static string Describe(ParseError error)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        var lines = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string message = lines.Length <= 1 ? error.Message : $"{lines[0]} {string.Join(", ", lines[1..])}";
        if (option == null) return message;
        string name = option.IdentifierToken?.Value ?? option.Option.Name;
        if (Kind(option.Option.ValueType) is { } kind)
            foreach (var token in option.Tokens)
                if (!Converts(option.Option.ValueType, token.Value))
                    return $"{name}: '{token.Value}' is not {kind}";
        return message.Contains(name, StringComparison.Ordinal) ? message : $"{name}: {message}";
    }

    /// <summary>What a value of <paramref name="type"/> is called in an error, or null for types whose own message is clear.</summary>
    static string? Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(uint) || t == typeof(ulong) => "a whole number of 0 or more",
        var t when t == typeof(float) || t == typeof(double) => "a number",
        var t when t == typeof(bool) => "true or false",
        _ => null,
    };

    static bool Converts(Type type, string text)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (t == typeof(int)) return int.TryParse(text, c, out _);
        if (t == typeof(long)) return long.TryParse(text, c, out _);
        if (t == typeof(uint)) return uint.TryParse(text, c, out _);
        if (t == typeof(ulong)) return ulong.TryParse(text, c, out _);
        if (t == typeof(float)) return float.TryParse(text, c, out _);
        if (t == typeof(double)) return double.TryParse(text, c, out _);
        if (t == typeof(bool)) return bool.TryParse(text, out _);
        return true;
    }
}
