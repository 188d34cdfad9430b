using System.Globalization;
using Recur.Translation;

namespace Recur.Tests.Translation;

/// <summary>The built-in date task: seeded, held-out dates disjoint from training ones, and every source naming its target's date.</summary>
public class DateCorpusTests
{
    [Fact]
    public void TheSameSeedGivesTheSamePairsAndHeldOutDatesNeverTrain()
    {
        var (source, target) = DateCorpus.Generate(3000, 4, heldOut: false);
        Assert.Equal(source, DateCorpus.Generate(3000, 4, heldOut: false).Source);
        var (_, heldTarget) = DateCorpus.Generate(500, 4, heldOut: true);
        Assert.Empty(target.Intersect(heldTarget));
        Assert.All(heldTarget, t => Assert.True(DateCorpus.IsHeldOut(DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Assert.True(source.Distinct().Count() > 2900);
    }

    [Fact]
    public void EverySourceWritesItsTargetsDate()
    {
        var (source, target) = DateCorpus.Generate(2000, 8, heldOut: false);
        for (int i = 0; i < source.Length; i++)
        {
            var date = DateOnly.ParseExact(target[i], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.Contains(date.Year.ToString(CultureInfo.InvariantCulture), source[i]);
            Assert.Contains(date.Day.ToString(CultureInfo.InvariantCulture), source[i]);
        }
        Assert.Contains("1998-03-03", DateCorpus.Iso(new DateOnly(1998, 3, 3)));
    }
}
