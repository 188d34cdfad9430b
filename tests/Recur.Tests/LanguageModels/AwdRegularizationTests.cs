using Recur.LanguageModels;
using Recur.Nn;
using Recur.Tests.Autograd;
using Recur.Training;

namespace Recur.Tests.LanguageModels;

/// <summary>AWD-LSTM's regularisers (Merity et al. 2018): locked and embedding dropout, the activation penalties, variable-length BPTT.</summary>
public class AwdRegularizationTests
{
    static Tensor Sequence(int T, int B, int F, int seed = 1)
    {
        var g = new Generator((ulong)seed);
        return Tensor.FromArray(Enumerable.Range(0, T * B * F).Select(_ => (float)g.NextNormal() + 3).ToArray(), T, B, F);
    }

    [Fact]
    public void LockedDropoutDropsAUnitAtEveryStepOrNone()
    {
        const int T = 7, B = 3, F = 40;
        var x = Sequence(T, B, F);
        var y = Functional.LockedDropout(x, 0.5f, training: true, new Generator(2)).ToArray();
        var input = x.ToArray();
        int dropped = 0;
        for (int b = 0; b < B; b++)
            for (int f = 0; f < F; f++)
            {
                // One factor per (b, f), the same at every t: 0 or 1/(1 − p).
                var factors = Enumerable.Range(0, T).Select(t => y[(t * B + b) * F + f] / input[(t * B + b) * F + f]).ToArray();
                Assert.All(factors, v => Assert.Equal(factors[0], v, 5));
                Assert.True(factors[0] == 0 || Math.Abs(factors[0] - 2) < 1e-5, $"factor {factors[0]}");
                if (factors[0] == 0) dropped++;
            }
        Assert.InRange(dropped, 35, 85);   // of 120, p = 0.5
        Assert.Same(x, Functional.LockedDropout(x, 0.5f, training: false));
        Assert.Throws<ArgumentException>(() => Functional.LockedDropout(Tensor.Zeros([4, 5]), 0.5f, true));
        GradientCheck.Assert(i => Functional.LockedDropout(i[0], 0.3f, true, new Generator(4)), Sequence(3, 2, 4));
    }

    [Fact]
    public void EmbeddingDropoutDropsAWordWhereverItOccurs()
    {
        const int V = 30, E = 4;
        int[] ids = [.. Enumerable.Range(0, 60).Select(i => i * 7 % V)];   // every word twice
        var x = Sequence(12, 5, E);
        var y = Functional.EmbeddingDropout(x, ids, V, 0.4f, training: true, new Generator(3)).ToArray();
        var input = x.ToArray();
        var factorOf = new Dictionary<int, float>();
        for (int i = 0; i < ids.Length; i++)
        {
            float factor = y[i * E] / input[i * E];
            for (int e = 1; e < E; e++) Assert.Equal(factor, y[i * E + e] / input[i * E + e], 5);
            Assert.True(factor == 0 || Math.Abs(factor - 1 / 0.6f) < 1e-5, $"factor {factor}");
            if (factorOf.TryGetValue(ids[i], out float seen)) Assert.Equal(seen, factor, 5);
            else factorOf[ids[i]] = factor;
        }
        Assert.Contains(factorOf.Values, v => v == 0);
        Assert.Contains(factorOf.Values, v => v > 0);
        Assert.Same(x, Functional.EmbeddingDropout(x, ids, V, 0.4f, training: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.EmbeddingDropout(x, [.. ids[..59], V], V, 0.4f, true));
        Assert.Throws<ArgumentException>(() => Functional.EmbeddingDropout(x, ids[..10], V, 0.4f, true));
        GradientCheck.Assert(i => Functional.EmbeddingDropout(i[0], [1, 2, 1, 0, 2, 2], 3, 0.5f, true, new Generator(6)), Sequence(3, 2, 2));
    }

    [Fact]
    public void HiddenDropoutActsBetweenLayersOnly()
    {
        var x = Sequence(5, 2, 3);
        Tensor Run(int layers, float hidden, bool training)
        {
            var net = new Lstm(3, 4, layers, generator: new Generator(8), options: new RecurrentOptions { HiddenDropout = hidden });
            net.Train(training);
            return net.Forward(x, (RecurrentState?)null).Output;
        }
        // One layer has no layer between: nothing to drop. Two layers: training differs, evaluation does not.
        Assert.Equal(Run(1, 0, true).ToArray(), Run(1, 0.5f, true).ToArray());
        Assert.NotEqual(Run(2, 0, true).ToArray(), Run(2, 0.5f, true).ToArray());
        Assert.Equal(Run(2, 0, false).ToArray(), Run(2, 0.5f, false).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(3, 4, 2, options: new RecurrentOptions { HiddenDropout = 1 }));
    }

    static readonly int[] Ids = [1, 4, 2, 7, 3, 3, 0, 5, 6, 2, 1, 1, 4, 4, 2];

    [Fact]
    public void ThePenaltiesAreAlphaTimesTheMeanSquareOutputAndBetaTimesTheMeanSquareChange()
    {
        var awd = new AwdRegularization { ActivationPenalty = 2, TemporalPenalty = 1 };
        var model = new CharLanguageModel(new CharLmConfig(CellKind.Lstm, 8, 6, 5, 2, 0, Regularization: awd), new Generator(1));
        model.Train();
        const int T = 5, B = 3, H = 5;
        var (_, penalty, _) = model.ForwardRegularized(Ids, T, B);
        var h = model.Forward(Ids, T, B).Hidden.ToArray();   // no dropout: the same outputs
        double square = h.Average(v => (double)v * v), change = 0;
        for (int t = 1; t < T; t++)
            for (int i = 0; i < B * H; i++) change += Math.Pow(h[t * B * H + i] - h[(t - 1) * B * H + i], 2);
        change /= (T - 1) * B * H;
        Assert.NotNull(penalty);
        Assert.Equal(2 * square + change, penalty.Item(), 5);
        model.Eval();
        Assert.Null(model.ForwardRegularized(Ids, T, B).Penalty);
        Assert.Throws<ArgumentException>(() => new CharLanguageModel(new CharLmConfig(CellKind.Tcn, 8, 6, 5, 2, 0, Regularization: new AwdRegularization { WeightDropout = 0.5f }), new Generator(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CharLmConfig(CellKind.Lstm, 8, 6, 5, 2, 0, Regularization: new AwdRegularization { TemporalPenalty = -1 }).Validate());
    }

    [Fact]
    public void RegularisersChangeTrainingOnlyAndTheirMasksComeFromTheModelsGenerator()
    {
        var awd = new AwdRegularization { EmbeddingDropout = 0.2f, InputDropout = 0.3f, HiddenDropout = 0.3f, OutputDropout = 0.3f, WeightDropout = 0.4f };
        CharLanguageModel Make(AwdRegularization? r) => new(new CharLmConfig(CellKind.Lstm, 8, 6, 5, 2, 0, Regularization: r), new Generator(1));
        var plain = Make(null);
        var regularised = Make(awd);
        plain.Eval();
        regularised.Eval();
        Assert.Equal(plain.Forward(Ids, 5, 3).Logits.ToArray(), regularised.Forward(Ids, 5, 3).Logits.ToArray());
        plain.Train();
        regularised.Train();
        Assert.NotEqual(plain.Forward(Ids, 5, 3).Logits.ToArray(), regularised.Forward(Ids, 5, 3).Logits.ToArray());
        Assert.Equal(Make(awd).Forward(Ids, 5, 3).Logits.ToArray(), Make(awd).Forward(Ids, 5, 3).Logits.ToArray());
    }

    [Fact]
    public void VariableLengthChunksCentreOnTheSeqLengthAndScaleTheRate()
    {
        var settings = new LmSettings { SeqLength = 40, VariableLength = true };
        var g = new Generator(5);
        var lengths = Enumerable.Range(0, 4000).Select(_ => settings.DrawSeqLength(g)).ToArray();
        Assert.All(lengths, t => Assert.InRange(t, 5, 80));
        int half = lengths.Count(t => t < 30);
        Assert.InRange(half, 120, 300);                                          // about 5% drawn around T/2
        Assert.InRange(lengths.Where(t => t >= 30).Average(), 39.5, 40.5);     // the rest around T, σ 5
        Assert.InRange(lengths.Where(t => t >= 30).Select(t => (t - 40.0) * (t - 40.0)).Average(), 20, 30);

        var text = SyntheticCorpus.Generate(3000, seed: 3);
        var training = LmTraining.Create(new LmSettings { Hidden = 8, Embedding = 4, Layers = 1, SeqLength = 12, BatchSize = 4, Steps = 1, EvalEvery = 100, VariableLength = true }, text, null, null);
        var batch = training.Task.NextBatch();
        Assert.Equal(batch.Tokens / 4 / 12.0, batch.LearningRateScale, 12);
    }
}
