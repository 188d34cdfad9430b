namespace Recur.Training;

/// <summary>
/// A task's settings as one table of rows (<see cref="Setting{TSettings}"/>): the command line is parsed from it,
/// the values it describes are what a checkpoint stores (the settings record itself), and the resume check
/// compares a given flag with the stored value through the same row — so a new flag is added in one place.
/// </summary>
public sealed class SettingsTable<TSettings>(IEnumerable<Setting<TSettings>> rows) : IReadOnlyList<Setting<TSettings>>
{
    readonly Setting<TSettings>[] rows = rows.ToArray();

    public Setting<TSettings> this[int index] => rows[index];
    public int Count => rows.Length;
    public IEnumerator<Setting<TSettings>> GetEnumerator() => ((IEnumerable<Setting<TSettings>>)rows).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => rows.GetEnumerator();

    public Setting<TSettings> Find(string flag) =>
        rows.FirstOrDefault(r => r.Flag == flag) ?? throw new ArgumentException($"No setting has the flag {flag}.", nameof(flag));

    /// <summary>Sets every given value on <paramref name="baseline"/>.</summary>
    public TSettings Apply(TSettings baseline, IEnumerable<(Setting<TSettings> Setting, object? Value)> given)
    {
        var result = baseline;
        foreach (var (setting, value) in given) result = setting.With(result, value);
        return result;
    }

    /// <summary>Every rule's complaint, each naming its flag; empty when all values are valid.</summary>
    public IReadOnlyList<string> Problems(TSettings settings) => rows.Select(r => r.Check(settings)).OfType<string>().ToArray();

    /// <summary>
    /// The given values that differ from a checkpoint's for settings that decide the run, each as
    /// <c>--flag value (checkpoint: value)</c>; resuming with any of them would not continue the same run.
    /// </summary>
    public IReadOnlyList<string> Conflicts(TSettings stored, IEnumerable<(Setting<TSettings> Setting, object? Value)> given) =>
        given.Where(g => g.Setting.Scope == SettingScope.Run && !Equals(g.Value, g.Setting.Get(stored)))
            .Select(g => $"{g.Setting.Flag} {Setting<TSettings>.Format(g.Value)} (checkpoint: {Setting<TSettings>.Format(g.Setting.Get(stored))})")
            .ToArray();

    /// <summary>
    /// A resumed run's settings: the checkpoint's, with the given resumable and per-invocation values applied and
    /// the per-invocation ones not given reset to <paramref name="defaults"/>.
    /// </summary>
    public TSettings ForResume(TSettings stored, TSettings defaults, IEnumerable<(Setting<TSettings> Setting, object? Value)> given)
    {
        var list = given.ToList();
        var result = stored;
        foreach (var row in rows.Where(r => r.Scope == SettingScope.Invocation)) result = row.With(result, row.Get(defaults));
        foreach (var (setting, value) in list.Where(g => g.Setting.Scope != SettingScope.Run)) result = setting.With(result, value);
        return result;
    }
}
