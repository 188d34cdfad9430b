using System.Globalization;

namespace Recur.Translation;

/// <summary>
/// The built-in translation task: dates written the ways people write them — English, French, German and Spanish
/// month and weekday names, day-month and month-day orders, ordinals, abbreviations, capitals, numeric forms with
/// dots and slashes — to be normalised to ISO 8601 (<c>1998-03-03</c>). Generated from a seed, so it needs no
/// download and is the same on every machine. Dates from 1900 to 2099; the held-out pairs use dates that never occur
/// in training (every 23rd day), so exact match on them measures generalisation, not recall. Numeric forms keep an
/// unambiguous order (day.month.year, year/month/day), so that every source has one right answer.
/// </summary>
public static class DateCorpus
{
    static readonly DateOnly First = new(1900, 1, 1), Last = new(2099, 12, 31);
    static readonly string[] EnglishMonths = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    static readonly string[] FrenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    static readonly string[] GermanMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
    static readonly string[] SpanishMonths = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
    static readonly string[] EnglishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    static readonly string[] FrenchDays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
    static readonly string[] GermanDays = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];

    static string Ordinal(int d) => d + (d % 100 is 11 or 12 or 13 ? "th" : (d % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>The ways of writing a date; each is a function of the date alone.</summary>
    static readonly Func<DateOnly, string>[] Formats =
    [
        d => $"{d.Day} {EnglishMonths[d.Month - 1]} {d.Year}",
        d => $"{EnglishMonths[d.Month - 1]} {d.Day}, {d.Year}",
        d => $"{EnglishMonths[d.Month - 1][..3]} {d.Day} {d.Year}",
        d => $"{d.Day} {EnglishMonths[d.Month - 1][..3]} {d.Year}",
        d => $"{EnglishDays[(int)d.DayOfWeek]}, {EnglishMonths[d.Month - 1]} {d.Day}, {d.Year}",
        d => $"{EnglishDays[(int)d.DayOfWeek][..3]} {d.Day} {EnglishMonths[d.Month - 1][..3]} {d.Year}",
        d => $"the {Ordinal(d.Day)} of {EnglishMonths[d.Month - 1]}, {d.Year}",
        d => $"{EnglishMonths[d.Month - 1]} {Ordinal(d.Day)}, {d.Year}",
        d => $"{d.Day} {EnglishMonths[d.Month - 1].ToUpperInvariant()} {d.Year}",
        d => $"{d.Day:00}.{d.Month:00}.{d.Year}",
        d => $"{d.Day}.{d.Month}.{d.Year}",
        d => $"{d.Year}/{d.Month:00}/{d.Day:00}",
        d => $"{d.Year}-{d.Month:00}-{d.Day:00}",
        d => $"{d.Year}{d.Month:00}{d.Day:00}",
        d => $"{FrenchDays[(int)d.DayOfWeek]} {(d.Day == 1 ? "1er" : d.Day.ToString(CultureInfo.InvariantCulture))} {FrenchMonths[d.Month - 1]} {d.Year}",
        d => $"le {d.Day} {FrenchMonths[d.Month - 1]} {d.Year}",
        d => $"{d.Day}. {GermanMonths[d.Month - 1]} {d.Year}",
        d => $"{GermanDays[(int)d.DayOfWeek]}, {d.Day}. {GermanMonths[d.Month - 1]} {d.Year}",
        d => $"{d.Day} de {SpanishMonths[d.Month - 1]} de {d.Year}",
    ];

    /// <summary>The normalised form of a date.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whether a date belongs to the held-out part.</summary>
    public static bool IsHeldOut(DateOnly date) => (date.DayNumber - First.DayNumber) % 23 == 0;

    /// <summary>
    /// <paramref name="count"/> (source, ISO target) pairs drawn with <paramref name="seed"/>: a uniformly random date
    /// of the chosen part (<paramref name="heldOut"/> or training) written in a uniformly random format.
    /// </summary>
    public static (string[] Source, string[] Target) Generate(int count, ulong seed, bool heldOut)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var generator = new Generator(seed ^ (heldOut ? 0x5EEDDA7E5UL : 0x7A1ADA7E5UL));
        var (source, target) = (new string[count], new string[count]);
        int span = Last.DayNumber - First.DayNumber + 1;
        for (int i = 0; i < count; i++)
        {
            DateOnly date;
            do date = DateOnly.FromDayNumber(First.DayNumber + generator.NextInt(span));
            while (IsHeldOut(date) != heldOut);
            source[i] = Formats[generator.NextInt(Formats.Length)](date);
            target[i] = Iso(date);
        }
        return (source, target);
    }
}
