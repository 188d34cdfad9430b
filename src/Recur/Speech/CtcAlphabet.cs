using System.Text;
using System.Text.Json.Nodes;

namespace Recur.Speech;

/// <summary>
/// The output classes of a character-level CTC model: class 0 is the blank (Graves et al. 2006), then one class per
/// character (Unicode scalar) seen in the training transcripts, in ordinal order; the space is the word delimiter
/// that n-gram fusion scores words at. Stored in the checkpoint, so a model keeps its ids.
/// </summary>
public sealed class CtcAlphabet
{
    public const int Blank = 0;
    public const string BlankSymbol = "<blank>";

    readonly Dictionary<Rune, int> index = [];

    public CtcAlphabet(IEnumerable<string> characters)
    {
        ArgumentNullException.ThrowIfNull(characters);
        var symbols = new List<string> { BlankSymbol };
        foreach (var c in characters)
        {
            if (!Rune.TryGetRuneAt(c, 0, out var rune) || rune.Utf16SequenceLength != c.Length)
                throw new ArgumentException($"'{c}' is not one character.", nameof(characters));
            if (Rune.IsControl(rune)) throw new ArgumentException($"U+{rune.Value:X4} is a control character.", nameof(characters));
            if (!index.TryAdd(rune, symbols.Count)) throw new ArgumentException($"'{c}' is listed twice.", nameof(characters));
            symbols.Add(c);
        }
        Symbols = symbols;
    }

    /// <summary>Every character of <paramref name="transcripts"/>, sorted ordinally.</summary>
    public static CtcAlphabet FromTranscripts(IEnumerable<string> transcripts) =>
        new(transcripts.SelectMany(t => t.EnumerateRunes()).Distinct().Order().Select(r => r.ToString()));

    /// <summary>The class names, the blank's first: what the decoders take as their alphabet.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>Classes, the blank included (C).</summary>
    public int Count => Symbols.Count;

    public bool HasSpace => index.ContainsKey(new Rune(' '));

    /// <summary>
    /// The class ids of <paramref name="transcript"/>; false with the first character the alphabet lacks in
    /// <paramref name="unknown"/> when there is one.
    /// </summary>
    public bool TryEncode(string transcript, out int[] labels, out string unknown)
    {
        var ids = new List<int>(transcript.Length);
        foreach (var rune in transcript.EnumerateRunes())
        {
            if (!index.TryGetValue(rune, out int id))
            {
                (labels, unknown) = ([], rune.ToString());
                return false;
            }
            ids.Add(id);
        }
        (labels, unknown) = ([.. ids], "");
        return true;
    }

    public string Decode(ReadOnlySpan<int> labels)
    {
        var text = new StringBuilder(labels.Length);
        foreach (int id in labels)
            if (id != Blank) text.Append(Symbols[id]);
        return text.ToString();
    }

    /// <summary>
    /// Frames a CTC alignment of <paramref name="labels"/> needs: one per label, plus a blank between each pair of
    /// equal neighbours (otherwise they would collapse into one).
    /// </summary>
    public static int MinimumFrames(ReadOnlySpan<int> labels)
    {
        int frames = labels.Length;
        for (int i = 1; i < labels.Length; i++)
            if (labels[i] == labels[i - 1]) frames++;
        return frames;
    }

    /// <summary>Collapses runs of white space to one space and trims, so that words are delimited alike in every transcript.</summary>
    public static string Normalize(string transcript) =>
        string.Join(' ', transcript.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public JsonNode ToJson() => new JsonArray([.. Symbols.Skip(1).Select(s => (JsonNode?)JsonValue.Create(s))]);

    /// <exception cref="InvalidDataException">The node is not a list of distinct single characters.</exception>
    public static CtcAlphabet FromJson(JsonNode? node)
    {
        if (node is not JsonArray array) throw new InvalidDataException("the alphabet is not a list of characters");
        var characters = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || !v.TryGetValue(out string? s)) throw new InvalidDataException("the alphabet holds a value that is not a string");
            characters.Add(s);
        }
        try { return new CtcAlphabet(characters); }
        catch (ArgumentException e) { throw new InvalidDataException($"the alphabet is invalid: {e.Message}", e); }
    }
}
