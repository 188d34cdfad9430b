using Recur.LanguageModels;
using Recur.Training;

namespace Recur.Tests.Training;

public class SettingsTableTests
{
    static readonly SettingsTable<LmSettings> Table = LmSettings.Table;

    static (Setting<LmSettings>, object?) Given(string flag, string text)
    {
        var row = Table.Find(flag);
        Assert.True(row.TryParse(text, out var value, out var error), error);
        return (row, value);
    }

    [Fact]
    public void EveryRowRoundTripsItsDefaultThroughTextAndTheRecord()
    {
        var defaults = new LmSettings();
        foreach (var row in Table)
        {
            var value = row.Get(defaults);
            if (value is null) continue;
            Assert.True(row.TryParse(Setting<LmSettings>.Format(value), out var parsed, out var error), $"{row.Flag}: {error}");
            Assert.Equal(value, parsed);
            Assert.Equal(defaults, row.With(defaults, parsed));
        }
        Assert.Empty(Table.Problems(defaults));
        Assert.Equal(Table.Count, Table.Select(r => r.Flag).Distinct().Count());
    }

    [Fact]
    public void ConflictsListOnlyRunDefiningSettingsThatDiffer()
    {
        var stored = new LmSettings { Hidden = 16, Steps = 10 };
        var conflicts = Table.Conflicts(stored, [Given("--hidden", "32"), Given("--layers", "2"), Given("--steps", "20"), Given("--threads", "1")]);
        Assert.Equal(["--hidden 32 (checkpoint: 16)"], conflicts);
    }

    [Fact]
    public void ResumeKeepsTheStoredRunAppliesNewBudgetsAndResetsInvocationSettings()
    {
        var stored = new LmSettings { Hidden = 16, Steps = 10, Threads = 1, EvalEvery = 5 };
        var resumed = Table.ForResume(stored, new LmSettings(), [Given("--steps", "20")]);
        Assert.Equal(stored with { Steps = 20, Threads = null }, resumed);
    }

    [Fact]
    public void RulesNameTheFlag()
    {
        var problems = Table.Problems(new LmSettings { Dropout = 1f, BatchSize = 0 });
        Assert.Equal(["--dropout 1: must lie in [0, 1)", "--batch-size 0: must be at least 1"], problems);
    }
}
