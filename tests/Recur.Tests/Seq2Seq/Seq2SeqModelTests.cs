using Recur.Data;
using Recur.Decoding;
using Recur.LanguageModels;
using Recur.Seq2Seq;
using Recur.Tests.Autograd;

namespace Recur.Tests.Seq2Seq;

/// <summary>
/// Properties of the encoder–decoder that hold for every kind of attention: padding is invisible (zero weight,
/// zero gradient), a batch decodes as its sentences one by one, the decoding engine's greedy search is the argmax
/// loop, scheduled sampling changes only what is fed, and gradients pass finite-difference checks.
/// </summary>
public class Seq2SeqModelTests
{
    static Seq2SeqModel Model(AttentionKind attention, CellKind cell = CellKind.Gru, int seed = 7, BridgeKind bridge = BridgeKind.Linear) =>
        new(new Seq2SeqConfig(12, 10, cell, EmbeddingSize: 5, HiddenSize: 6, Attention: attention, Bridge: bridge, Dropout: 0f), new Generator((ulong)seed));

    static readonly int[][] Sources = [[5, 6, 7, 8, 9, 3], [10, 4, 3], [11, 5, 9, 7, 3]];
    static readonly int[][] Targets = [[2, 5, 6, 7, 3], [2, 8, 3], [2, 9, 4, 3]];
    static PaddedBatch Padded(int[][] rows) => PaddedBatch.FromSequences(rows, Enumerable.Range(0, rows.Length).ToArray());

    public static TheoryData<AttentionKind> Attentions => new(AttentionKind.Bahdanau, AttentionKind.LuongDot, AttentionKind.LuongGeneral, AttentionKind.LuongConcat);

    [Theory]
    [MemberData(nameof(Attentions))]
    public void PaddedSourcePositionsGetZeroAttentionAndZeroGradient(AttentionKind attention)
    {
        var model = Model(attention);
        var source = Padded(Sources);
        var memory = model.Encode(source.Ids, source.Steps, source.Lengths);
        var states = memory.States.Detach().RequireGrad();
        memory = memory with { States = states, Keys = memory.Keys is null ? null : KeysOf(model, states) };
        var state = model.InitialState(memory);
        Tensor total = Tensor.Scalar(0f);
        for (int t = 0; t < 3; t++)
        {
            var (next, features, weights) = model.Step(memory, state, model.EmbedTarget([5, 6, 7], 3));
            var w = weights!.ToArray();
            for (int b = 0; b < 3; b++)
            {
                for (int j = source.Lengths[b]; j < source.Steps; j++) Assert.Equal(0f, w[b * source.Steps + j]);
                Assert.Equal(1f, w.AsSpan(b * source.Steps, source.Steps).ToArray().Sum(), 5);
            }
            total = total + features.Sum();
            state = next;
        }
        total.Backward();
        var grad = states.Grad!.ToArray();
        int H = states.Size(2);
        for (int b = 0; b < 3; b++)
            for (int j = 0; j < source.Steps; j++)
            {
                double norm = grad.AsSpan((b * source.Steps + j) * H, H).ToArray().Sum(Math.Abs);
                if (j >= source.Lengths[b]) Assert.Equal(0.0, norm);
                else Assert.True(norm > 0, $"row {b}, real position {j} got no gradient");
            }
    }

    /// <summary>The attention's keys recomputed from given states, so that gradients reach the states through both paths.</summary>
    static Tensor KeysOf(Seq2SeqModel model, Tensor states) =>
        model.NamedChildren().Select(c => c.Module).OfType<Attention>().Single().Keys(states);

    [Theory]
    [InlineData(AttentionKind.None)]
    [InlineData(AttentionKind.Bahdanau)]
    [InlineData(AttentionKind.LuongGeneral)]
    public void PaddingTokensOfTheSourceNeverReceiveGradient(AttentionKind attention)
    {
        var model = Model(attention);
        model.Loss(Padded(Sources), Padded(Targets)).Backward();
        var embedding = model.NamedParameters().Single(p => p.Name == "src_emb.weight").Parameter.Grad!.ToArray();
        Assert.All(embedding.AsSpan(0, 5).ToArray(), g => Assert.Equal(0f, g));   // row 0 is <pad>, read only at padded positions
    }

    [Theory]
    [InlineData(AttentionKind.None)]
    [InlineData(AttentionKind.Bahdanau)]
    [InlineData(AttentionKind.LuongDot)]
    public void ABatchScoresAsItsPairsOneByOne(AttentionKind attention)
    {
        var model = Model(attention);
        model.Eval();
        double batch = model.Loss(Padded(Sources), Padded(Targets)).Item();
        double sum = 0;
        int tokens = 0;
        for (int i = 0; i < Sources.Length; i++)
        {
            int n = Targets[i].Length - 1;
            sum += model.Loss(Padded([Sources[i]]), Padded([Targets[i]])).Item() * n;
            tokens += n;
        }
        Assert.Equal(sum / tokens, batch, 5);
    }

    [Theory]
    [InlineData(AttentionKind.Bahdanau, CellKind.Gru)]
    [InlineData(AttentionKind.LuongGeneral, CellKind.Lstm)]
    [InlineData(AttentionKind.None, CellKind.Lstm)]
    public void GreedyThroughTheDecodingEngineIsTheArgmaxLoopAndBatchesDecodeAsSentencesAlone(AttentionKind attention, CellKind cell)
    {
        var model = Model(attention, cell);
        model.Eval();
        using var noGrad = Tensor.NoGrad();
        var steps = new Seq2SeqStepModel(model);
        Hypothesis[] Greedy(int[][] sources)
        {
            var padded = Padded(sources);
            var memory = model.Encode(padded.Ids, padded.Steps, padded.Lengths);
            return Sampler.Greedy(steps, steps.Start(memory), Enumerable.Repeat(TokenVocabulary.BeginId, sources.Length).ToArray(), 8, TokenVocabulary.EndId, padded.Lengths);
        }
        var batched = Greedy(Sources);
        for (int i = 0; i < Sources.Length; i++)
        {
            var alone = Greedy([Sources[i]])[0];
            Assert.Equal(alone.Tokens, batched[i].Tokens);
            Assert.Equal(alone.LogProbability, batched[i].LogProbability, 4);
            Assert.Equal(HandGreedy(model, Sources[i], 8), batched[i].Tokens);
        }
    }

    /// <summary>Greedy decoding written out: encode, then feed the argmax of the logits (never pad, unk or &lt;s&gt;) until &lt;/s&gt;.</summary>
    static int[] HandGreedy(Seq2SeqModel model, int[] source, int maxLength)
    {
        var memory = model.Encode(source, source.Length, [source.Length]);
        var state = model.InitialState(memory);
        int token = TokenVocabulary.BeginId;
        var output = new List<int>();
        for (int t = 0; t < maxLength; t++)
        {
            var (next, features, _) = model.Step(memory, state, model.EmbedTarget([token], 1));
            state = next;
            var logits = model.Logits(features).ToArray();
            int best = -1;
            for (int v = 0; v < logits.Length; v++)
                if (v is not (TokenVocabulary.PadId or TokenVocabulary.UnknownId or TokenVocabulary.BeginId) && (best < 0 || logits[v] > logits[best])) best = v;
            if (best == TokenVocabulary.EndId) break;
            output.Add(best);
            token = best;
        }
        return [.. output];
    }

    [Fact]
    public void ScheduledSamplingAtRatioOneIsTeacherForcingAndBelowOneFeedsTheModelsSamples()
    {
        var model = Model(AttentionKind.Bahdanau);
        model.Eval();
        var source = Padded(Sources);
        var target = Padded(Targets);
        double forced = model.Loss(source, target).Item();
        Assert.Equal(forced, model.Loss(source, target, teacherForcing: 1f, sampler: new Generator(1)).Item(), 6);
        var sampled = Enumerable.Range(0, 5).Select(s => model.Loss(source, target, teacherForcing: 0f, sampler: new Generator((ulong)s)).Item()).ToArray();
        Assert.Contains(sampled, l => Math.Abs(l - forced) > 1e-4);
        Assert.Equal(sampled[2], model.Loss(source, target, teacherForcing: 0f, sampler: new Generator(2)).Item(), 6);
    }

    [Fact]
    public void TeacherForcingSchedulesFollowTheirFormulas()
    {
        Assert.Equal(0.75, new TeacherForcingSchedule(SamplingDecay.Linear, 1, 0.0025).Ratio(100), 12);
        Assert.Equal(0.1, new TeacherForcingSchedule(SamplingDecay.Linear, 1, 0.0025, Minimum: 0.1).Ratio(1000), 12);
        Assert.Equal(Math.Pow(0.99, 50), new TeacherForcingSchedule(SamplingDecay.Exponential, 1, 0.99).Ratio(50), 12);
        Assert.Equal(100 / (100 + Math.Exp(3.0)), new TeacherForcingSchedule(SamplingDecay.InverseSigmoid, 1, 100).Ratio(300), 12);
        Assert.Equal(0.5, new TeacherForcingSchedule(SamplingDecay.Constant, 0.5).Ratio(12345), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherForcingSchedule(SamplingDecay.Exponential, 1, 1.5).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TeacherForcingSchedule(SamplingDecay.InverseSigmoid, 1, 0.5).Validate());
    }

    [Fact]
    public void EachAttentionScorePassesAGradientCheck()
    {
        var g = new Generator(11);
        var query = Tensor.Randn(g, 2, 4);
        var memory = Tensor.Randn(g, 2, 3, 4);
        foreach (var attention in new Attention[] { new AdditiveAttention(4, 4, 5, g), new DotAttention(), new GeneralAttention(4, 4, g) })
        {
            var parameters = attention.Parameters().ToArray();
            GradientCheck.Assert(x => attention.Scores(x[0], attention.Keys(x[1])), [query, memory, .. parameters]);
        }
    }

    [Theory]
    [InlineData(AttentionKind.Bahdanau, CellKind.Gru)]
    [InlineData(AttentionKind.LuongConcat, CellKind.Lstm)]
    [InlineData(AttentionKind.None, CellKind.Gru)]
    public void TheWholeDecoderPassesAGradientCheck(AttentionKind attention, CellKind cell)
    {
        var model = Model(attention, cell);
        var checkedParameters = model.NamedParameters().Where(p => p.Name.StartsWith("decoder.weight_hh") || p.Name.StartsWith("attention.")
            || p.Name.StartsWith("bridge.") || p.Name == "out.bias").Select(p => p.Parameter).ToArray();
        GradientCheck.Assert(_ => model.Loss(Padded(Sources), Padded(Targets), labelSmoothing: 0.1f), checkedParameters, 1e-2, 3e-2, 3e-3);
    }
}
