using Recur.Data;
using Recur.NGram;

namespace Recur.LanguageModels;

/// <summary>
/// Per-token log-probabilities of a word-level text under a recurrent word model and under an n-gram model, on the
/// same tokens and conventions as <c>recur ngram eval</c>: each line's words, then <c>&lt;/s&gt;</c> (a blank line is
/// a sentence of <c>&lt;/s&gt;</c> alone, as KenLM scores it). The
/// recurrent model reads the lines as one stream after an initial <c>&lt;/s&gt;</c>; the n-gram model scores each
/// line from <c>&lt;s&gt;</c>. Both map words they never saw to their <c>&lt;unk&gt;</c>.
/// </summary>
public static class WordScoring
{
    /// <summary>The lines of <paramref name="text"/> as a text reader reads them (no empty piece after a final line break).</summary>
    public static string[] Sentences(string text)
    {
        var lines = new List<string>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line) lines.Add(line);
        return [.. lines];
    }

    /// <summary>ln p of every token under the recurrent model, and how many words were out of its vocabulary.</summary>
    public static double[] Recurrent(CharLanguageModel model, TokenVocabulary words, IReadOnlyList<string> sentences, out long oov)
    {
        var tokens = LmCorpus.WordStream(sentences).Prepend(TokenVocabulary.End).ToArray();
        oov = 0;
        var ids = words.Encode(tokens, ref oov);
        var result = new double[ids.Length - 1];
        CharLmEvaluation.Evaluate(model, ids, tokenLogProbs: result);
        return result;
    }

    /// <summary>ln p of every token under the n-gram model (its log10 scores × ln 10).</summary>
    public static double[] NGram(BackoffModel model, IReadOnlyList<string> sentences)
    {
        var scores = new List<WordScore>();
        foreach (var sentence in sentences) model.ScoreSentence(sentence, scores);
        return scores.Select(s => s.Log10Prob * Math.Log(10)).ToArray();
    }
}
