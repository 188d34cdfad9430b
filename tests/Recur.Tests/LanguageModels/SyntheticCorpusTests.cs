using Recur.LanguageModels;

namespace Recur.Tests.LanguageModels;

public class SyntheticCorpusTests
{
    [Fact]
    public void SameSeedSameTextAndDifferentSeedDifferentText()
    {
        var a = SyntheticCorpus.Generate(20_000, seed: 3);
        Assert.Equal(a, SyntheticCorpus.Generate(20_000, seed: 3));
        Assert.NotEqual(a, SyntheticCorpus.Generate(20_000, seed: 4));
        Assert.InRange(a.Length, 20_000, 22_000);
    }

    [Fact]
    public void QuotesCloseOnEachLineAndBracketsBalanceAndNest()
    {
        var text = SyntheticCorpus.Generate(50_000, seed: 1);
        foreach (var line in text.Split('\n')) Assert.True(line.Count(c => c == '"') % 2 == 0, line);
        int depth = 0, deepest = 0;
        foreach (char c in text)
        {
            if (c is '(' or '[' or '{') deepest = Math.Max(deepest, ++depth);
            if (c is ')' or ']' or '}') Assert.True(--depth >= 0);
        }
        Assert.Equal(0, depth);
        Assert.True(deepest >= 3, $"deepest nesting {deepest}");
        Assert.Contains("\n        ", text); // at least two levels of indentation
    }
}
