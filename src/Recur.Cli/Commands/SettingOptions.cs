using System.CommandLine;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// The command-line side of a <see cref="SettingsTable{TSettings}"/>: one option per row, with the row's
/// description and default, parsed by the row itself so that a bad value is reported as
/// <c>--flag: 'text' is not a number</c>. Only flags given explicitly are returned, so that a resumed run can tell
/// a given value from a default.
/// </summary>
internal sealed class SettingOptions<TSettings>
{
    readonly List<(Setting<TSettings> Row, Option<string> Option)> options = [];

    public SettingOptions(SettingsTable<TSettings> table, TSettings defaults)
    {
        foreach (var row in table)
        {
            var value = row.Get(defaults);
            var option = new Option<string>(row.Flag) { Description = row.Description };
            if (value is not null) option.DefaultValueFactory = _ => Setting<TSettings>.Format(value);
            option.HelpName = row.Choices.Count > 0 ? string.Join("|", row.Choices) : row.Kind switch
            {
                "a whole number" => "int",
                "a number" => "number",
                _ => "value",
            };
            options.Add((row, option));
        }
    }

    public IEnumerable<Option> Options => options.Select(o => (Option)o.Option);

    /// <summary>The rows whose flags were given, with their parsed values.</summary>
    public IReadOnlyList<(Setting<TSettings> Setting, object? Value)> Given(ParseResult result)
    {
        var given = new List<(Setting<TSettings>, object?)>();
        foreach (var (row, option) in options)
        {
            if (result.GetResult(option) is not { Implicit: false }) continue;
            string text = result.GetValue(option) ?? "";
            if (!row.TryParse(text, out var value, out var error)) throw new UserInputException(error!);
            given.Add((row, value));
        }
        return given;
    }
}
