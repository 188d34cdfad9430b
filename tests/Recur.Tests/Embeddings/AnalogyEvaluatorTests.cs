using Recur.Embeddings;
using Recur.Embeddings.Evaluation;

namespace Recur.Tests.Embeddings;

public class AnalogyEvaluatorTests
{
    // Hand-built 3-d vectors: a "royalty" axis, a "gender" axis and a "plural" axis, so that
    // king − man + woman points at queen and king − kings + queens at queen (both methods, checked by hand).
    static WordVectors Vectors() => new(
        ["man", "woman", "king", "queen", "kings", "queens", "prince", "apple"], 3,
        [
            0, 1, 0,    // man
            0, -1, 0,   // woman
            1, 1, 0,    // king
            1, -1, 0,   // queen
            1, 1, 1,    // kings
            1, -1, 1,   // queens
            0.9f, 0.9f, 0.1f, // prince: close to king
            -1, 0, 0,   // apple
        ]);

    static readonly AnalogyQuestion[] Questions =
    [
        new("family", "man", "king", "woman", "queen"),
        new("family", "man", "woman", "king", "queen"),
        new("family", "man", "woman", "prince", "princess"),  // missing: "princess" has no vector
        new("gram8-plural", "kings", "king", "queens", "queen"),
        new("gram8-plural", "queen", "queens", "apple", "apples"), // missing
    ];

    [Fact]
    public void Both_methods_answer_the_planted_analogies_and_count_missing_ones()
    {
        var results = AnalogyEvaluator.Evaluate(Vectors(), Questions);
        Assert.Equal([AnalogyMethod.CosAdd, AnalogyMethod.CosMul], results.Select(r => r.Method));
        foreach (var r in results)
        {
            Assert.Equal(new AnalogyScore("semantic", 3, 2, 2), r.Semantic);
            Assert.Equal(new AnalogyScore("syntactic", 2, 1, 1), r.Syntactic);
            Assert.Equal(new AnalogyScore("overall", 5, 3, 3), r.Overall);
            Assert.Equal(2, r.Overall.Missing);
            Assert.Equal(1.0, r.Overall.Accuracy);
        }
    }

    [Fact]
    public void Restricting_the_vocabulary_turns_rare_answers_into_missing_questions()
    {
        // With the first four words only, "kings" and "queens" are out: the plural question cannot be answered.
        var result = AnalogyEvaluator.Evaluate(Vectors(), Questions, restrict: 4)[0];
        Assert.Equal(new AnalogyScore("syntactic", 2, 0, 0), result.Syntactic);
        Assert.Equal(new AnalogyScore("semantic", 3, 2, 2), result.Semantic);
    }

    [Fact]
    public void CosAdd_and_CosMul_can_disagree_as_Levy_and_Goldberg_describe()
    {
        // a:b :: c:?  with unit vectors at angles (degrees) a = 0, b = 90, c = 180 and two candidates: x1 at 135
        // (cos with a, b, c: −.707, .707, .707) and x2 at 175 (−.996, .087, .996), nearly opposite a.
        var v = new WordVectors(["a", "b", "c", "x1", "x2"], 2,
        [
            1, 0,
            0, 1,
            -1, 0,
            MathF.Cos(135 * MathF.PI / 180), MathF.Sin(135 * MathF.PI / 180),
            MathF.Cos(175 * MathF.PI / 180), MathF.Sin(175 * MathF.PI / 180),
        ]);
        // 3CosAdd: cos(x,b) − cos(x,a) + cos(x,c): x1 = .707+.707+.707 = 2.121; x2 = .087+.996+.996 = 2.079 → x1.
        // 3CosMul: ((cb+1)/2)((cc+1)/2)/((ca+1)/2+.001): x1 = .854·.854/.147 = 4.96; x2 = .544·.998/.0029 = 187 → x2.
        var add = AnalogyEvaluator.Evaluate(v, [new("s", "a", "b", "c", "x1")], methods: [AnalogyMethod.CosAdd])[0];
        var mul = AnalogyEvaluator.Evaluate(v, [new("s", "a", "b", "c", "x2")], methods: [AnalogyMethod.CosMul])[0];
        Assert.Equal(1, add.Overall.Correct);
        Assert.Equal(1, mul.Overall.Correct);
    }

    [Fact]
    public void King_minus_man_plus_woman_is_queen()
    {
        var unit = Vectors().Normalized();
        var answer = NearestNeighbors.Query(unit, "king - man + woman", 2);
        Assert.Equal("queen", answer[0].Word);
        // Unit vectors: q = king/√2·… = (1/√2, 1/√2 − 2, 0); cos(q, queen) = √2 / √(1/2 + (1/√2 − 2)²).
        Assert.Equal(Math.Sqrt(2) / Math.Sqrt(0.5 + Math.Pow(1 / Math.Sqrt(2) - 2, 2)), answer[0].Cosine, 1e-6);
        Assert.DoesNotContain(answer, a => a.Word is "king" or "man" or "woman");
        Assert.Equal([("king", 1f), ("man", -1f), ("woman", 1f)], NearestNeighbors.Parse("king -man+woman"));
        Assert.Throws<ArgumentException>(() => NearestNeighbors.Query(unit, "king - dragon", 2));
        Assert.Throws<ArgumentException>(() => NearestNeighbors.Parse("king - - man"));
    }

    [Fact]
    public void Lookups_fall_back_to_lower_case()
    {
        var v = Vectors();
        Assert.Equal(2, v.IndexOf("King"));
        Assert.Equal(-1, v.IndexOf("Princess"));
    }
}
