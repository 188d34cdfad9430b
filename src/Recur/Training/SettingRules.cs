namespace Recur.Training;

/// <summary>
/// The validation rules settings tables share: each returns the complaint that follows the flag in an error
/// (<c>--hidden: must be at least 1</c>), or null for a valid value.
/// </summary>
public static class SettingRules
{
    public static string? AtLeast(int value, int min) => value >= min ? null : $"must be at least {min}";

    public static string? AtLeast(int? value, int min) => value is null ? null : AtLeast(value.Value, min);

    public static string? Positive(double value) => value > 0 && double.IsFinite(value) ? null : "must be a positive number";

    public static string? Fraction(double value) => value is >= 0 and <= 1 ? null : "must lie in [0, 1]";
}
