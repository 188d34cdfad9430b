using Recur.Decoding;
using Recur.LanguageModels;
using Recur.Nn;

namespace Recur.Tests.Decoding;

public class CharLmStepModelTests
{
    static (CharLanguageModel, CharVocabulary) Model(CellKind cell)
    {
        var vocabulary = CharVocabulary.FromText("abcdef (){}\n");
        return (new CharLanguageModel(new CharLmConfig(cell, vocabulary.Count, 8, 16, 2, 0f), new Generator(11)), vocabulary);
    }

    [Theory, MemberData(nameof(LanguageModels.SequenceLayerLmTests.Kinds), MemberType = typeof(LanguageModels.SequenceLayerLmTests))]
    public void GreedySamplingEqualsAnArgmaxLoopOverTheWholePrime(CellKind cell)
    {
        var (model, vocabulary) = Model(cell);
        const string prime = "ab(c";
        string viaDecoder = CharLmSampler.Generate(model, vocabulary, prime, 25, new SamplingOptions(Greedy: true), new Generator(1));
        // The loop the sampler replaced: read the whole prime, take the argmax of the logits, feed it back.
        using var noGrad = Tensor.NoGrad();
        var ids = vocabulary.Encode(prime);
        var (logits, _, state) = model.Forward(ids, ids.Length, 1);
        var row = logits.Select(0, ids.Length - 1).ToArray();
        var expected = new char[25];
        for (int i = 0; i < 25; i++)
        {
            int next = Sampling.Greedy(row);
            expected[i] = vocabulary[next];
            (logits, _, state) = model.Forward([next], 1, 1, state);
            row = logits.ToArray();
        }
        Assert.Equal(new string(expected), viaDecoder);
    }

    [Fact]
    public void StepGivesLogSoftmaxAndSelectReordersTheStateRows()
    {
        var (model, _) = Model(CellKind.Lstm);
        var step = new CharLmStepModel(model);
        using var noGrad = Tensor.NoGrad();
        int V = step.VocabularySize;
        var logProbs = new float[3 * V];
        var state = step.Step(model.ZeroState(3), [1, 2, 3], logProbs, default);
        for (int r = 0; r < 3; r++) Assert.Equal(1.0, logProbs.AsSpan(r * V, V).ToArray().Sum(MathF.Exp), 5);
        var swapped = step.Select(state, [2, 0]);
        Assert.Equal(state.Tensors[0].Select(0, 2).ToArray(), swapped.Tensors[0].Select(0, 0).ToArray());
        Assert.Equal(state.Tensors[1].Select(0, 0).ToArray(), swapped.Tensors[1].Select(0, 1).ToArray());
        // A beam search over the character model runs through the same interface.
        var best = BeamSearch.Decode(step, model.ZeroState(1), [1], new BeamSearchOptions { EndToken = 0, BeamSize = 3, MaxLengthB = 5 })[0];
        Assert.Single(best);
    }
}
