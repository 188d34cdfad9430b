using Recur.LanguageModels;
using Recur.Nn;
using Recur.Speech;
using Recur.Training;

namespace Recur.Tests.LanguageModels;

/// <summary>Every <see cref="CellKind"/> works as the body of a language model and of a (unidirectional) recogniser.</summary>
public class SequenceLayerLmTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("recur-cellkind-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    public static TheoryData<CellKind> Kinds => new(Enum.GetValues<CellKind>());

    static CharLanguageModel Model(CellKind cell, CharVocabulary vocabulary) =>
        new(new CharLmConfig(cell, vocabulary.Count, 8, 12, 2, 0f), new Generator(3));

    [Theory, MemberData(nameof(Kinds))]
    public void ChunksWithTheCarriedStateScoreAsOnePass(CellKind cell)
    {
        var vocabulary = CharVocabulary.FromText("abcdef (){}\n");
        var model = Model(cell, vocabulary);
        model.Eval();
        using var noGrad = Tensor.NoGrad();
        var ids = vocabulary.Encode("ab(cd){ef}\nfa(b)c");
        var whole = model.Forward(ids, ids.Length, 1).Logits.ToArray();
        var (first, _, state) = model.Forward(ids.AsSpan(0, 7), 7, 1);
        var (second, _, _) = model.Forward(ids.AsSpan(7), ids.Length - 7, 1, state.Detach());
        var chunked = first.ToArray().Concat(second.ToArray()).ToArray();
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], chunked[i], 1e-4f);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void SelectingStateRowsReordersWhatTheNextStepSees(CellKind cell)
    {
        var vocabulary = CharVocabulary.FromText("abcdef (){}\n");
        var model = Model(cell, vocabulary);
        model.Eval();
        using var noGrad = Tensor.NoGrad();
        var step = new CharLmStepModel(model);
        int V = step.VocabularySize;
        var logProbs = new float[2 * V];
        var state = step.Step(step.Step(model.ZeroState(2), [1, 2], logProbs, default), [3, 4], logProbs, default);
        var swapped = new float[2 * V];
        step.Step(step.Select(state, [1, 0]), [5, 6], swapped, default);
        var direct = new float[2 * V];
        step.Step(state, [6, 5], direct, default);
        Assert.Equal(direct.AsSpan(V, V).ToArray(), swapped.AsSpan(0, V).ToArray());
        Assert.Equal(direct.AsSpan(0, V).ToArray(), swapped.AsSpan(V, V).ToArray());
        Assert.False(direct.AsSpan(0, V).SequenceEqual(direct.AsSpan(V, V)), "the two rows must differ for the check to mean anything");
    }

    [Theory]
    [InlineData(CellKind.Tcn)]
    [InlineData(CellKind.Mamba)]
    [InlineData(CellKind.Nplm)]
    public void TrainingResumesExactlyWithTheLayersState(CellKind cell)
    {
        string text = SyntheticCorpus.Generate(600, seed: 11)[..600];
        var settings = new LmSettings { Cell = cell, Layers = 2, Hidden = 12, Embedding = 6, SeqLength = 8, BatchSize = 4, Steps = 8, EvalEvery = 5, Seed = 5 };
        var straight = LmTraining.Create(settings, text, null, Path.Combine(root, "straight"));
        Assert.Equal(TrainingOutcome.Finished, straight.Run().Outcome);
        string dir = Path.Combine(root, "interrupted");
        using var cancel = new CancellationTokenSource();
        LmTraining.Create(settings, text, null, dir).Run(new ExactResumeTests.CancelAt(3, cancel), cancel.Token);
        var checkpoint = TrainingCheckpoint.Open(dir, LmTask.TaskName);
        var resumed = LmTraining.Resume(checkpoint, LmTraining.ReadSettings(checkpoint), text, null, dir);
        resumed.Run();
        var expected = straight.Task.Model.StateDict();
        foreach (var (name, tensor) in resumed.Task.Model.StateDict())
            Assert.True(tensor.ToArray().AsSpan().SequenceEqual(expected[name].ToArray()), $"{name} differs after resume");
    }

    [Theory]
    [InlineData(CellKind.Tcn)]
    [InlineData(CellKind.Mingru)]
    [InlineData(CellKind.S4d)]
    public void ACausalStackIsARecognisersEncoderAndPaddingDoesNotReachEarlierFrames(CellKind cell)
    {
        var config = new CtcModelConfig(InputSize: 3, Classes: 5, Cell: cell, Layers: 2, Hidden: 8, Bidirectional: false);
        var model = new CtcAcousticModel(config, new Generator(1));
        Assert.StartsWith(cell.ModuleName() + ".", model.StateDict().Keys.First(k => !k.StartsWith("head", StringComparison.Ordinal)));
        Assert.True(config.ParameterCount <= model.ParameterCount, "the configuration's count must not exceed the model's (it bounds the weights file)");
        model.Eval();
        using var noGrad = Tensor.NoGrad();
        var g = new Generator(2);
        var row = Enumerable.Range(0, 6 * 3).Select(_ => (float)g.NextNormal()).ToArray();
        var alone = model.Forward(row, 6, [6]).LogProbs.ToArray();
        // The same row padded to 9 frames beside a second row: its first 6 frames' outputs do not change.
        var batch = new float[9 * 2 * 3];
        for (int t = 0; t < 9; t++)
            for (int b = 0; b < 2; b++)
                for (int f = 0; f < 3; f++)
                    batch[(t * 2 + b) * 3 + f] = b == 0 ? (t < 6 ? row[t * 3 + f] : 0f) : 1f;
        var padded = model.Forward(batch, 9, [6, 9]).LogProbs;              // (9, 2, 5)
        for (int t = 0; t < 6; t++)
            for (int c = 0; c < 5; c++)
                Assert.Equal(alone[t * 5 + c], padded.ToArray()[(t * 2) * 5 + c], 1e-4f);
        Assert.Throws<ArgumentException>(() => new CtcAcousticModel(config with { Bidirectional = true }, new Generator(1)));
    }
}
