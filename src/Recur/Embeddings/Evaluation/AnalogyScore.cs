namespace Recur.Embeddings.Evaluation;

/// <summary>Counts for one section (or a group of them): questions, those answerable (all four words in the restricted vocabulary), and correct.</summary>
public readonly record struct AnalogyScore(string Name, int Questions, int Answered, int Correct)
{
    /// <summary>Correct over answered, as word2vec's compute-accuracy and gensim report it.</summary>
    public double Accuracy => Answered == 0 ? double.NaN : (double)Correct / Answered;

    public int Missing => Questions - Answered;

    public static AnalogyScore Sum(string name, IEnumerable<AnalogyScore> parts)
    {
        int q = 0, a = 0, c = 0;
        foreach (var p in parts) { q += p.Questions; a += p.Answered; c += p.Correct; }
        return new AnalogyScore(name, q, a, c);
    }
}
