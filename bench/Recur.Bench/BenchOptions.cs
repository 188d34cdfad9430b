using System.Globalization;

namespace Recur.Bench;

/// <summary>`--name value` pairs from the command line, read with defaults.</summary>
public sealed class BenchOptions
{
    readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static BenchOptions Parse(ReadOnlySpan<string> args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"expected an option like --threads, got '{args[i]}'");
            string name = args[i][2..];
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options.values[name] = hasValue ? args[++i] : "true";
        }
        return options;
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string String(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public int? OptionalInt(string name) =>
        values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
