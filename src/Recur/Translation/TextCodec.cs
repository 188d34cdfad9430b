using System.Text.Json.Nodes;
using Recur.Data;
using Recur.Subwords;

namespace Recur.Translation;

/// <summary>
/// One language's side of a translation model: how a line is cut into tokens and which id each token has. Sources
/// are read as their ids then &lt;/s&gt;; targets as &lt;s&gt;, their ids, &lt;/s&gt;. Stored in a checkpoint as
/// a JSON section: the segmenter's kind, a byte-pair model's sentencepiece bytes (base64), and the token list.
/// </summary>
public sealed class TextCodec(ISegmenter segmenter, TokenVocabulary vocabulary)
{
    public ISegmenter Segmenter { get; } = segmenter ?? throw new ArgumentNullException(nameof(segmenter));
    public TokenVocabulary Vocabulary { get; } = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));

    /// <summary>The ids of a source line, ending with &lt;/s&gt;; <paramref name="unknown"/> counts tokens outside the vocabulary.</summary>
    public int[] EncodeSource(string line, ref long unknown) => [.. Vocabulary.Encode(Segmenter.Split(line), ref unknown), TokenVocabulary.EndId];

    /// <summary>&lt;s&gt;, the ids of a target line, &lt;/s&gt;.</summary>
    public int[] EncodeTarget(string line, ref long unknown) => [TokenVocabulary.BeginId, .. Vocabulary.Encode(Segmenter.Split(line), ref unknown), TokenVocabulary.EndId];

    /// <summary>The text of generated ids (without the end token).</summary>
    public string Decode(IReadOnlyList<int> ids) => Segmenter.Join(ids.Select(id => Vocabulary[id]).ToArray());

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["segmenter"] = Segmenter switch { BpeSegmenter => "bpe", CharacterSegmenter => "char", _ => "word" },
            ["vocabulary"] = new JsonArray(Vocabulary.Tokens.Select(t => (JsonNode)t).ToArray()),
        };
        if (Segmenter is BpeSegmenter bpe)
        {
            using var bytes = new MemoryStream();
            bpe.Model.Save(bytes);
            json["bpe_model"] = Convert.ToBase64String(bytes.ToArray());
        }
        return json;
    }

    /// <summary>Rebuilds a codec from <see cref="ToJson"/>; anything malformed is an <see cref="InvalidDataException"/>.</summary>
    public static TextCodec FromJson(JsonNode? node)
    {
        if (node is not JsonObject json) throw new InvalidDataException("the tokenisation section is missing");
        var tokens = json["vocabulary"] is JsonArray array && array.All(t => t is JsonValue v && v.TryGetValue(out string? _))
            ? array.Select(t => t!.GetValue<string>()).ToArray() : null;
        if (tokens is null) throw new InvalidDataException("the vocabulary is missing or holds something other than strings");
        TokenVocabulary vocabulary;
        try { vocabulary = new TokenVocabulary(tokens); }
        catch (ArgumentException e) { throw new InvalidDataException($"the vocabulary is malformed ({e.Message})", e); }
        string? kind = json["segmenter"] is JsonValue k && k.TryGetValue(out string? name) ? name : null;
        ISegmenter segmenter = kind switch
        {
            "word" => new WordSegmenter(),
            "char" => new CharacterSegmenter(),
            "bpe" => new BpeSegmenter(ReadBpe(json["bpe_model"])),
            var other => throw new InvalidDataException($"unknown segmenter '{other}'"),
        };
        return new TextCodec(segmenter, vocabulary);
    }

    static BpeModel ReadBpe(JsonNode? node)
    {
        byte[] bytes;
        string? text = node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        try { bytes = Convert.FromBase64String(text ?? throw new InvalidDataException("the byte-pair model is missing")); }
        catch (FormatException e) { throw new InvalidDataException("the byte-pair model is not base64", e); }
        using var stream = new MemoryStream(bytes);
        return BpeModel.Load(stream, "the stored byte-pair model");
    }
}
