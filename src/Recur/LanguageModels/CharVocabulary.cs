namespace Recur.LanguageModels;

/// <summary>
/// The characters a model knows, sorted by code unit so that ids match <c>sorted(set(text))</c> in Python for text
/// in the Basic Multilingual Plane. A character is one UTF-16 code unit: a surrogate pair becomes two ids, as in a
/// byte-less char-RNN; the vocabulary of a model is whatever units its training text held.
/// </summary>
public sealed class CharVocabulary
{
    readonly char[] chars;
    readonly Dictionary<char, int> ids;

    /// <summary>Builds the vocabulary of the distinct characters in <paramref name="text"/>.</summary>
    public static CharVocabulary FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CharVocabulary(text.Distinct());
    }

    /// <summary>Builds the vocabulary of <paramref name="characters"/> (duplicates are refused: ids must be stable).</summary>
    public CharVocabulary(IEnumerable<char> characters)
    {
        chars = characters.ToArray();
        Array.Sort(chars);
        for (int i = 1; i < chars.Length; i++)
            if (chars[i] == chars[i - 1]) throw new ArgumentException($"Character {Describe(chars[i])} appears twice in the vocabulary.", nameof(characters));
        ids = new Dictionary<char, int>(chars.Length);
        for (int i = 0; i < chars.Length; i++) ids[chars[i]] = i;
    }

    /// <summary>V, the number of distinct characters.</summary>
    public int Count => chars.Length;

    /// <summary>The characters in id order.</summary>
    public IReadOnlyList<char> Characters => chars;

    public char this[int id] => chars[id];

    public bool Contains(char c) => ids.ContainsKey(c);

    /// <summary>The distinct characters of <paramref name="text"/> that are not in the vocabulary, in order of first appearance.</summary>
    public IReadOnlyList<char> FindUnknown(string text) => text.Where(c => !ids.ContainsKey(c)).Distinct().ToList();

    /// <summary>
    /// <paramref name="text"/> without the characters the vocabulary lacks, and how many were removed. The character
    /// after a removed one is then predicted from a context without it.
    /// </summary>
    public string RemoveUnknown(string text, out int removed)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kept = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
            if (ids.ContainsKey(c)) kept.Append(c);
        removed = text.Length - kept.Length;
        return removed == 0 ? text : kept.ToString();
    }

    /// <summary>Ids of every character of <paramref name="text"/>; unknown characters are an error that lists them all.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (!ids.TryGetValue(text[i], out result[i]))
                throw new ArgumentException(UnknownMessage(FindUnknown(text)), nameof(text));
        }
        return result;
    }

    public string Decode(ReadOnlySpan<int> idSequence)
    {
        var result = new char[idSequence.Length];
        for (int i = 0; i < idSequence.Length; i++) result[i] = chars[idSequence[i]];
        return new string(result);
    }

    /// <summary>"the model never saw 3 characters: 'é', '\t', U+2603" — the form used in every unknown-character error.</summary>
    public static string UnknownMessage(IReadOnlyList<char> unknown) =>
        $"the model never saw {unknown.Count} character{(unknown.Count == 1 ? "" : "s")}: {string.Join(", ", unknown.Select(Describe))}";

    /// <summary>A readable name for a character: printable ones quoted, control and space characters escaped or as U+XXXX.</summary>
    public static string Describe(char c) => c switch
    {
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        ' ' => "' '",
        _ when char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
