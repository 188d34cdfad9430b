namespace Recur.Embeddings.Bias;

/// <summary>
/// The word lists of the bias measures, lower-case as in the benchmark corpora. Definitional pairs are the ten of
/// Bolukbasi et al. 2016 (§5, Fig. 6); the equalise pairs are single-word pairs from their equalise set; the
/// occupations are common professions of the kind in their professions list; the WEAT sets are tests 6, 7 and 8 of
/// Caliskan et al. 2017 (Table 1 and the supplement).
/// </summary>
public static class BiasWordLists
{
    public static IReadOnlyList<(string Female, string Male)> DefinitionalPairs { get; } =
    [
        ("she", "he"), ("her", "his"), ("woman", "man"), ("mary", "john"), ("herself", "himself"),
        ("daughter", "son"), ("mother", "father"), ("gal", "guy"), ("girl", "boy"), ("female", "male"),
    ];

    public static IReadOnlyList<(string Female, string Male)> EqualizePairs { get; } =
    [
        ("woman", "man"), ("women", "men"), ("girl", "boy"), ("girls", "boys"), ("mother", "father"), ("mothers", "fathers"),
        ("daughter", "son"), ("daughters", "sons"), ("sister", "brother"), ("sisters", "brothers"), ("aunt", "uncle"),
        ("niece", "nephew"), ("queen", "king"), ("queens", "kings"), ("princess", "prince"), ("lady", "gentleman"),
        ("ladies", "gentlemen"), ("grandmother", "grandfather"), ("granddaughter", "grandson"), ("wife", "husband"),
        ("wives", "husbands"), ("she", "he"), ("her", "his"), ("herself", "himself"), ("female", "male"),
        ("females", "males"), ("mom", "dad"), ("spokeswoman", "spokesman"), ("chairwoman", "chairman"),
        ("businesswoman", "businessman"), ("councilwoman", "councilman"), ("congresswoman", "congressman"),
        ("convent", "monastery"), ("sorority", "fraternity"), ("motherhood", "fatherhood"), ("schoolgirl", "schoolboy"),
    ];

    public static IReadOnlyList<string> Occupations { get; } =
    [
        "nurse", "homemaker", "receptionist", "librarian", "socialite", "hairdresser", "nanny", "bookkeeper", "stylist",
        "housekeeper", "maid", "secretary", "dancer", "singer", "teacher", "cook", "clerk", "servant", "painter", "poet",
        "writer", "doctor", "physician", "surgeon", "lawyer", "judge", "professor", "scientist", "engineer", "architect",
        "programmer", "manager", "banker", "financier", "merchant", "farmer", "carpenter", "soldier", "sailor", "captain",
        "pilot", "warrior", "philosopher", "magician", "priest", "skipper", "maestro", "broadcaster", "chef", "officer",
    ];

    /// <summary>Gendered by definition: left out of neutralisation (the definitional and equalise words).</summary>
    public static IReadOnlySet<string> GenderSpecific { get; } =
        DefinitionalPairs.Concat(EqualizePairs).SelectMany(p => new[] { p.Female, p.Male }).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<WeatTest> WeatTests { get; } =
    [
        new("weat6 career/family vs male/female names",
            ["executive", "management", "professional", "corporation", "salary", "office", "business", "career"],
            ["home", "parents", "children", "family", "cousins", "marriage", "wedding", "relatives"],
            ["john", "paul", "mike", "kevin", "steve", "greg", "jeff", "bill"],
            ["amy", "joan", "lisa", "sarah", "diana", "kate", "ann", "donna"]),
        new("weat7 math/arts vs male/female terms",
            ["math", "algebra", "geometry", "calculus", "equations", "computation", "numbers", "addition"],
            ["poetry", "art", "dance", "literature", "novel", "symphony", "drama", "sculpture"],
            ["male", "man", "boy", "brother", "he", "him", "his", "son"],
            ["female", "woman", "girl", "sister", "she", "her", "hers", "daughter"]),
        new("weat8 science/arts vs male/female terms",
            ["science", "technology", "physics", "chemistry", "einstein", "nasa", "experiment", "astronomy"],
            ["poetry", "art", "shakespeare", "dance", "literature", "novel", "symphony", "drama"],
            ["brother", "father", "uncle", "grandfather", "son", "he", "his", "him"],
            ["sister", "mother", "aunt", "grandmother", "daughter", "she", "hers", "her"]),
    ];
}
