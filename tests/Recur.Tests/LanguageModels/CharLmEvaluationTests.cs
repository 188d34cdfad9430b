using Recur.LanguageModels;

namespace Recur.Tests.LanguageModels;

public class CharLmEvaluationTests
{
    [Fact]
    public void AModelWithZeroOutputLayerScoresLnVNatsAndVPerplexity()
    {
        // Zero head weights and bias give uniform predictions whatever the recurrent layer does: −ln(1/V) per char.
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, 7, 4, 5, 2, 0f), new Generator(3));
        foreach (var (name, p) in model.NamedParameters())
            if (name.StartsWith("head.")) p.AsSpan().Clear();
        var g = new Generator(4);
        var tokens = Enumerable.Range(0, 5_000).Select(_ => g.NextInt(7)).ToArray();
        var score = CharLmEvaluation.Evaluate(model, tokens);
        Assert.Equal(Math.Log(7), score.Nats, 5);
        Assert.Equal(Math.Log2(7), score.BitsPerChar, 5);
        Assert.Equal(7, score.Perplexity, 4);
        // ⌊5000 / 1024⌋ = 4 streams of 1250 tokens, each predicting 1249 next characters.
        Assert.Equal(4 * 1249, score.Chars);
    }

    [Fact]
    public void ScoreUnitsFollowTheirDefinitions()
    {
        var s = new LmScore(Math.Log(2) * 1.5, 10);
        Assert.Equal(1.5, s.BitsPerChar, 12);
        Assert.Equal(Math.Pow(2, 1.5), s.Perplexity, 12);
    }

    [Fact]
    public void CarryingTheStateAcrossChunksGivesTheSameScoreAsOneLongChunk()
    {
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Gru, 5, 3, 6, 1, 0f), new Generator(8));
        var g = new Generator(9);
        var tokens = Enumerable.Range(0, 4_500).Select(_ => g.NextInt(5)).ToArray();
        var chunked = CharLmEvaluation.Evaluate(model, tokens, streams: 4, chunk: 7);
        var whole = CharLmEvaluation.Evaluate(model, tokens, streams: 4, chunk: 10_000);
        Assert.Equal(whole.Chars, chunked.Chars);
        Assert.Equal(whole.Nats, chunked.Nats, 5);
    }
}
