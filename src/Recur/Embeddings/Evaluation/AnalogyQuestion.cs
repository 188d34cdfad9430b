namespace Recur.Embeddings.Evaluation;

/// <summary>"A is to B as C is to D" (questions-words.txt order: A B C D), in section <see cref="Section"/>.</summary>
public readonly record struct AnalogyQuestion(string Section, string A, string B, string C, string D)
{
    /// <summary>Mikolov et al.'s split: the "gram…" sections are syntactic, the rest semantic.</summary>
    public bool IsSyntactic => Section.StartsWith("gram", StringComparison.OrdinalIgnoreCase);
}
