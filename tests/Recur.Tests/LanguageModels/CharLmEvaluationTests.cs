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
        // Within a float's precision of ln 7 (each loss is a float): a test to 5 decimal places fails whenever the
        // float value and the exact one round to different sides of the fifth decimal.
        Assert.Equal(Math.Log(7), score.Nats, 1e-6);
        Assert.Equal(Math.Log2(7), score.BitsPerChar, 1e-6);
        Assert.Equal(7, score.Perplexity, 1e-5);
        // Every character after the first, whatever the 4 streams (⌊4999 / 1024⌋) do.
        Assert.Equal(4_999, score.Chars);
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

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(2_047)]
    [InlineData(2_049)]
    [InlineData(17_000)]
    public void EveryCharacterAfterTheFirstIsScoredOnceWhateverTheBatching(int n)
    {
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Rnn, 5, 3, 4, 1, 0f), new Generator(1));
        var g = new Generator(2);
        var tokens = Enumerable.Range(0, n).Select(_ => g.NextInt(5)).ToArray();
        foreach (int streams in new[] { 1, 3, 16 })
            foreach (int chunk in new[] { 5, 256 })
                Assert.Equal(n - 1, CharLmEvaluation.Evaluate(model, tokens, streams, chunk).Chars);
    }

    [Fact]
    public void OneStreamEqualsASerialPassAndSoDoStreamsWarmedUpOverTheWholeText()
    {
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, 6, 4, 8, 2, 0f), new Generator(5));
        var g = new Generator(6);
        var tokens = Enumerable.Range(0, 3_100).Select(_ => g.NextInt(6)).ToArray();
        // The reference: one Forward over the whole text, batch 1, mean −ln p of tokens[1..] given tokens[..^1].
        double serial;
        using (Tensor.NoGrad())
        {
            model.Eval();
            var (logits, _, _) = model.Forward(tokens.AsSpan(0, tokens.Length - 1), tokens.Length - 1, 1);
            serial = Recur.Nn.Functional.CrossEntropy(logits, tokens.AsSpan(1)).Item();
        }
        Assert.Equal(serial, CharLmEvaluation.Evaluate(model, tokens, streams: 1, chunk: 100).Nats, 5);
        var warm = CharLmEvaluation.Evaluate(model, tokens, streams: 3, chunk: 100, warmup: tokens.Length);
        Assert.Equal(serial, warm.Nats, 5);
        Assert.Equal(tokens.Length - 1, warm.Chars);
    }
}
