using Recur.Decoding;
using Recur.NGram;

namespace Recur.Tests.Decoding;

public class FusionTests
{
    const int End = 0;

    [Fact]
    public void ShallowFusionSearchesTheWeightedSumOfBothModels()
    {
        var translation = new TableStepModel(5);
        var language = new TableStepModel(5, (input, prefix) => TableStepModel.Seeded(5, input + 50, prefix));
        const float weight = 0.3f;
        var fused = new ShallowFusion<TableStepModel.Row[], TableStepModel.Row[]>(translation, language, weight);
        var options = new BeamSearchOptions { EndToken = End, BeamSize = 4, NBest = 4, MaxLengthB = 4 };
        var inputs = TableStepModel.Inputs(2);
        var result = BeamSearch.Decode(fused, (inputs, inputs), [End, End], options);
        for (int n = 0; n < 2; n++)
            foreach (var h in result[n])
            {
                double expected = 0;
                for (int j = 0; j <= h.Tokens.Length; j++)
                {
                    int v = j < h.Tokens.Length ? h.Tokens[j] : End;
                    expected += translation.LogProb(n, h.Tokens[..j], v) + weight * language.LogProb(n, h.Tokens[..j], v);
                }
                Assert.Equal(expected, h.LogProbability, 5);
            }
        Assert.NotEqual(BeamSearch.Decode(translation, inputs, [End, End], options)[0].Select(h => h.Score), result[0].Select(h => h.Score));
    }

    [Fact]
    public void AnNGramModelStepsAsItsScorerScores()
    {
        var text = "a b c\na b\nb c a\nc a b c\n";
        var lm = NGramEstimator.Estimate(NGramCounter.Count(new StringReader(text), 3), new WittenBellSmoothing());
        string[] vocabulary = ["</s>", "a", "b", "c", "<s>"];
        var step = new ScorerStepModel<NGramState>(lm, vocabulary, startToken: 4, endToken: 0);
        var logProbs = new float[5];
        var state = step.Start(1);
        var scorerState = lm.BeginSentence();
        foreach (int token in new[] { 4, 1, 2 })
        {
            state = step.Step(state, [token], logProbs, default);
            if (token != 4) lm.LogProb(scorerState, lm.TokenId(vocabulary[token]), out scorerState);
            Assert.Equal((float)lm.EndSentenceLogProb(scorerState), logProbs[0]);
            for (int v = 1; v < 4; v++) Assert.Equal((float)lm.LogProb(scorerState, lm.TokenId(vocabulary[v]), out _), logProbs[v]);
        }
        // Greedy over the trigram model alone: after "a b" the corpus continues with "c" or ends.
        var greedy = Sampler.Greedy(step, step.Start(1), [4], maxLength: 5, endToken: 0)[0];
        Assert.NotEmpty(greedy.Tokens);
        double sentence = lm.SentenceLog10Prob(string.Join(" ", greedy.Tokens.Select(t => vocabulary[t]))) * Math.Log(10);
        Assert.Equal(sentence, greedy.LogProbability, 4);
    }
}
