using System.Globalization;

namespace Recur.Training;

/// <summary>How a setting behaves when a run is resumed.</summary>
public enum SettingScope
{
    /// <summary>Decides the result (architecture, data, optimisation, seed): a resumed run must use the checkpoint's value.</summary>
    Run,
    /// <summary>Stored in the checkpoint and reused on resume, but may be changed there (the budget, the evaluation interval).</summary>
    Resumable,
    /// <summary>Belongs to one invocation and is not carried over (thread count).</summary>
    Invocation,
}

/// <summary>
/// One row of a <see cref="SettingsTable{TSettings}"/>: a command-line flag, the settings-record property it sets,
/// its description, its scope on resume and its validation rule. The same row parses the flag, checks the value,
/// and compares it with a checkpoint's.
/// </summary>
public abstract class Setting<TSettings>
{
    protected Setting(string flag, string description, SettingScope scope)
    {
        if (!flag.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"'{flag}' is not a long flag.", nameof(flag));
        Flag = flag;
        Description = description;
        Scope = scope;
    }

    public string Flag { get; }
    public string Description { get; }
    public SettingScope Scope { get; }

    /// <summary>What a value must look like, for messages and help ("a whole number", "one of lstm, gru").</summary>
    public abstract string Kind { get; }

    /// <summary>The values allowed, for a choice among names; empty otherwise.</summary>
    public abstract IReadOnlyList<string> Choices { get; }

    /// <summary>Parses a command-line value; on failure the error names the flag and the expected kind.</summary>
    public abstract bool TryParse(string text, out object? value, out string? error);

    public abstract object? Get(TSettings settings);

    public abstract TSettings With(TSettings settings, object? value);

    /// <summary>The rule's complaint about this setting's value in <paramref name="settings"/>, or null when it is valid.</summary>
    public abstract string? Check(TSettings settings);

    /// <summary>A value as a user would type it.</summary>
    /// <summary>An enum member as a flag value: lower case, words joined by hyphens (<c>LuongDot</c> → <c>luong-dot</c>).</summary>
    public static string EnumName(string member) =>
        string.Concat(member.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Format(object? value) => value switch
    {
        null => "none",
        Enum e => EnumName(e.ToString()),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A setting of type <typeparamref name="TValue"/> (a number, a name, a path, an enum, or a nullable one of these).</summary>
public sealed class Setting<TSettings, TValue> : Setting<TSettings>
{
    readonly Func<TSettings, TValue> get;
    readonly Func<TSettings, TValue, TSettings> with;
    readonly Func<TValue, string?>? rule;
    readonly Type type = Nullable.GetUnderlyingType(typeof(TValue)) ?? typeof(TValue);

    /// <param name="rule">Returns why a value is invalid ("must be at least 1"), or null when it is valid.</param>
    public Setting(string flag, string description, Func<TSettings, TValue> get, Func<TSettings, TValue, TSettings> with,
        Func<TValue, string?>? rule = null, SettingScope scope = SettingScope.Run)
        : base(flag, description, scope)
    {
        this.get = get ?? throw new ArgumentNullException(nameof(get));
        this.with = with ?? throw new ArgumentNullException(nameof(with));
        this.rule = rule;
    }

    public override string Kind => type switch
    {
        _ when type == typeof(int) || type == typeof(long) || type == typeof(ulong) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => $"one of {string.Join(", ", Choices)}",
        _ => "a value",
    };

    public override IReadOnlyList<string> Choices => type.IsEnum ? Enum.GetNames(type).Select(EnumName).ToArray() : [];

    public override bool TryParse(string text, out object? value, out string? error)
    {
        var inv = CultureInfo.InvariantCulture;
        value = null;
        error = null;
        bool ok = type switch
        {
            _ when type == typeof(string) => Set(text, out value),
            _ when type == typeof(int) => Try(int.TryParse(text, NumberStyles.Integer, inv, out int i), i, out value),
            _ when type == typeof(long) => Try(long.TryParse(text, NumberStyles.Integer, inv, out long l), l, out value),
            _ when type == typeof(ulong) => Try(ulong.TryParse(text, NumberStyles.None, inv, out ulong u), u, out value),
            _ when type == typeof(double) => Try(double.TryParse(text, NumberStyles.Float, inv, out double d) && double.IsFinite(d), d, out value),
            _ when type == typeof(float) => Try(float.TryParse(text, NumberStyles.Float, inv, out float f) && float.IsFinite(f), f, out value),
            _ when type == typeof(bool) => Try(bool.TryParse(text, out bool b), b, out value),
            // Only the listed names: Enum.Parse alone would also take numbers ("7") and comma lists.
            _ when type.IsEnum => Array.IndexOf(Enum.GetNames(type).Select(EnumName).ToArray(), text.ToLowerInvariant()) is int k and >= 0 && Set(Enum.GetValues(type).GetValue(k), out value),
            _ => throw new NotSupportedException($"Settings of type {type.Name} cannot be parsed from text."),
        };
        if (!ok) error = $"{Flag}: '{text}' is not {Kind}";
        return ok;
    }

    static bool Set(object v, out object? value) { value = v; return true; }

    static bool Try(bool ok, object? parsed, out object? value)
    {
        value = ok ? parsed : null;
        return ok;
    }

    public override object? Get(TSettings settings) => get(settings);

    public override TSettings With(TSettings settings, object? value) => with(settings, (TValue)value!);

    public override string? Check(TSettings settings)
    {
        var value = get(settings);
        return rule?.Invoke(value) is string problem ? $"{Flag} {Format(value)}: {problem}" : null;
    }
}
