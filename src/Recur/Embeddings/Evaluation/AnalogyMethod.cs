namespace Recur.Embeddings.Evaluation;

/// <summary>How the answer D of "A : B :: C : D" is chosen among unit vectors x (A, B and C themselves excluded).</summary>
public enum AnalogyMethod
{
    /// <summary>argmax cos(x, B − A + C) (Mikolov et al. 2013c; "3CosAdd" in Levy &amp; Goldberg 2014).</summary>
    CosAdd,

    /// <summary>argmax cos'(x,B)·cos'(x,C) / (cos'(x,A) + 0.001), cos' = (cos + 1)/2 (Levy &amp; Goldberg 2014, eq. 4).</summary>
    CosMul,
}
