using Recur.LanguageModels;

namespace Recur.Tests.LanguageModels;

public class CharVocabularyTests
{
    [Fact]
    public void IdsFollowSortedOrderAndRoundTrip()
    {
        var v = CharVocabulary.FromText("hello, world\n");
        Assert.Equal("\n ,dehlorw", new string(v.Characters.ToArray()));
        var ids = v.Encode("world");
        Assert.Equal([9, 7, 8, 6, 3], ids);
        Assert.Equal("world", v.Decode(ids));
    }

    [Fact]
    public void UnknownCharactersAreAllNamedInTheError()
    {
        var v = CharVocabulary.FromText("abc");
        var e = Assert.Throws<ArgumentException>(() => v.Encode("abé\tcé"));
        Assert.Contains("never saw 2 characters: 'é', '\\t'", e.Message);
        Assert.Equal(['é', '\t'], v.FindUnknown("abé\tcé"));
    }

    [Fact]
    public void DuplicateCharactersAreRefused() =>
        Assert.Throws<ArgumentException>(() => new CharVocabulary("aba"));
}
