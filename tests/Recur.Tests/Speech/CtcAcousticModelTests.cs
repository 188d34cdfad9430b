using Recur.LanguageModels;
using Recur.Speech;

namespace Recur.Tests.Speech;

public class CtcAcousticModelTests
{
    static readonly CtcModelConfig Config = new(InputSize: 3, Classes: 5, Stack: 2, FrontendSize: 6, Cell: CellKind.Gru, Layers: 2, Hidden: 4);

    static float[] Features(int frames, int dims, ulong seed)
    {
        var g = new Generator(seed);
        return Enumerable.Range(0, frames * dims).Select(_ => (float)g.NextNormal()).ToArray();
    }

    [Fact]
    public void ParametersCarryPyTorchStyleNames()
    {
        var names = new CtcAcousticModel(Config, new Generator(1)).StateDict().Keys.ToArray();
        Assert.Contains("frontend.weight", names);
        Assert.Contains("rnn.weight_ih_l1_reverse", names);
        Assert.Contains("head.bias", names);
    }

    [Fact]
    public void OutputsAreLogProbabilitiesAtTheStackedFrameRate()
    {
        var model = new CtcAcousticModel(Config, new Generator(1));
        model.Eval();
        var (logProbs, lengths) = model.Forward(Features(7, 3, 2), 7, [7]);
        Assert.Equal([4, 1, 5], logProbs.Shape.ToArray());
        Assert.Equal([4], lengths);
        var p = logProbs.ToArray();
        for (int t = 0; t < 4; t++) Assert.Equal(1.0, p.Skip(t * 5).Take(5).Sum(MathF.Exp), 5);
    }

    [Fact]
    public void FrameStackingPutsConsecutiveFramesSideBySide()
    {
        // With stack 2 and no front end, the model must see frames (0, 1), (2, 3), (4, pad): a model fed the frames
        // stacked by hand with stack 1 and the same weights gives the same outputs.
        var stacked = new CtcAcousticModel(Config with { FrontendSize = 0 }, new Generator(4));
        var plain = new CtcAcousticModel(Config with { FrontendSize = 0, Stack = 1, InputSize = 6 }, new Generator(5));
        plain.LoadStateDict(stacked.StateDict());
        stacked.Eval(); plain.Eval();
        var x = Features(5, 3, 6);
        var byHand = x.Concat(new float[3]).ToArray();   // frames 0..4 and a zero frame, as (3 steps, 6)
        var (a, _) = stacked.Forward(x, 5, [5]);
        var (b, _) = plain.Forward(byHand, 3, [3]);
        Assert.Equal(b.ToArray(), a.ToArray());
    }

    [Fact]
    public void ABatchGivesEachUtteranceTheOutputsItGetsAlone()
    {
        var model = new CtcAcousticModel(Config, new Generator(7));
        model.Eval();
        var recognizer = new SpeechRecognizer(model, new CtcAlphabet(["a", "b", "c", "d"]), new SpeechFeatures(FeatureKind.LogMel, 8000, 3, 25, 10));
        var utterances = new[] { Features(9, 3, 1), Features(4, 3, 2), Features(6, 3, 3), Features(1, 3, 4) };
        var together = recognizer.Posteriors(utterances, batchSize: 4);
        for (int i = 0; i < utterances.Length; i++)
        {
            var alone = recognizer.Posteriors([utterances[i]], batchSize: 1)[0];
            Assert.Equal(alone.Frames, together[i].Frames);
            for (int k = 0; k < alone.LogProbs.Length; k++) Assert.Equal(alone.LogProbs[k], together[i].LogProbs[k], 5);
        }
    }

    [Theory]
    [InlineData(CellKind.Lstm, 0, 1, true)]
    [InlineData(CellKind.Gru, 6, 3, true)]
    [InlineData(CellKind.Rnn, 5, 2, false)]
    public void TheParameterCountIsKnownBeforeTheModelIsBuilt(CellKind cell, int frontend, int layers, bool bidirectional)
    {
        var config = Config with { Cell = cell, FrontendSize = frontend, Layers = layers, Bidirectional = bidirectional };
        Assert.Equal(new CtcAcousticModel(config, new Generator(1)).ParameterCount, config.ParameterCount);
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        var model = new CtcAcousticModel(Config, new Generator(1));
        Assert.Throws<ArgumentException>(() => model.Forward(new float[10], 3, [3]));
        Assert.Throws<ArgumentException>(() => model.Forward(new float[9], 3, [4]));
        Assert.Throws<ArgumentException>(() => new CtcAcousticModel(Config with { Classes = 1 }, new Generator(1)));
    }
}
