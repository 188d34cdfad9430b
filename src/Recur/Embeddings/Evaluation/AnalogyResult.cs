namespace Recur.Embeddings.Evaluation;

/// <summary>Analogy accuracy by section, for the semantic and syntactic groups and overall, for one method.</summary>
public sealed record AnalogyResult(AnalogyMethod Method, int RestrictVocabulary, IReadOnlyList<AnalogyScore> Sections,
    AnalogyScore Semantic, AnalogyScore Syntactic, AnalogyScore Overall);
