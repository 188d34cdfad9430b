using System.Security.Cryptography;
using System.Text;
using Recur.Data;
using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// A language model's text as ids: the training and validation token streams, the vocabulary (characters, or words
/// with <c>&lt;unk&gt;</c> and <c>&lt;/s&gt;</c>), and a fingerprint of the text that lets a resume check it is the same.
/// Character level: every character is a token and the vocabulary is the text's characters. Word level: the
/// whitespace-separated words of each line and then <c>&lt;/s&gt;</c> (the Penn Treebank convention); words of the
/// validation text that training never saw map to <c>&lt;unk&gt;</c> and are counted.
/// </summary>
public sealed record LmCorpus(LmLevel Level, int[] Train, int[] Validation, CharVocabulary? Characters, TokenVocabulary? Words,
    string Fingerprint, int Length, long ValidationUnknown, string Name)
{
    public int VocabularySize => Characters?.Count ?? Words!.Count;

    public string Unit => Level == LmLevel.Char ? "char" : "word";

    /// <summary>
    /// Splits <paramref name="text"/> (its last <paramref name="validationFraction"/> validates) or, with
    /// <paramref name="validation"/>, trains on all of it. A vocabulary from a checkpoint is reused as it is.
    /// </summary>
    public static LmCorpus Build(LmLevel level, string text, string? validation, double validationFraction, string name,
        CharVocabulary? characters = null, TokenVocabulary? words = null)
    {
        string fingerprint = Hash(validation is null ? text : text + "\0" + validation);
        int length = text.Length + (validation?.Length ?? 0);
        if (level == LmLevel.Char)
        {
            characters ??= CharVocabulary.FromText(validation is null ? text : text + validation);
            var unknown = characters.FindUnknown(validation is null ? text : text + validation);
            if (unknown.Count > 0) throw new TrainingSetupException($"{name}: {CharVocabulary.UnknownMessage(unknown)}");
            var (train, valid) = validation is null ? TextStreams.Split(characters.Encode(text), validationFraction) : (characters.Encode(text), characters.Encode(validation));
            return new LmCorpus(level, train, valid, characters, null, fingerprint, length, 0, name);
        }
        var trainWords = WordStream(text.Split('\n')).ToArray();
        string[] validWords;
        if (validation is null)
        {
            int n = (int)(trainWords.Length * (1m - (decimal)validationFraction));
            (trainWords, validWords) = (trainWords[..n], trainWords[n..]);
        }
        else validWords = WordStream(validation.Split('\n')).ToArray();
        words ??= TokenVocabulary.Build([trainWords]);
        long trainUnknown = 0, validUnknown = 0;
        var trainIds = words.Encode(trainWords, ref trainUnknown);
        var validIds = words.Encode(validWords, ref validUnknown);
        return new LmCorpus(level, trainIds, validIds, null, words, fingerprint, length, validUnknown, name);
    }

    /// <summary>The word stream of <paramref name="lines"/>: each line's whitespace-separated words, then <c>&lt;/s&gt;</c>.</summary>
    public static IEnumerable<string> WordStream(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            foreach (var word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) yield return word;
            yield return TokenVocabulary.End;
        }
    }

    static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
