using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests;

/// <summary>The README's code, run as written (with concrete inputs), so the documentation cannot drift from the API.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void FirstLookExampleTrains()
    {
        var gen = new Generator(seed: 0);
        var x = Tensor.Randn(gen, 8, 3).RequireGrad();
        var layer = new Linear(3, 2, generator: gen);
        var loss = Functional.MseLoss(layer.Forward(x).Tanh(), Tensor.Zeros(8, 2));
        loss.Backward();
        Assert.Equal([2, 3], layer.Weight.Grad!.Shape.ToArray());
        Assert.Equal([8, 3], x.Grad!.Shape.ToArray());
    }

    [Fact]
    public void SequenceLayerExampleRuns()
    {
        var gen = new Generator(4);
        var x = Tensor.Randn(gen, 10, 2, 64);
        var x2 = Tensor.Randn(gen, 5, 2, 64);
        ISequenceLayer layer = new MambaNetwork(inputSize: 64, hiddenSize: 128, layers: 2);
        var (y, state) = layer.Forward(x);                  // x (T, B, 64) → y (T, B, 128)
        var (next, _) = layer.Forward(x2, state.Detach());  // the next chunk, as if read in one pass
        Assert.Equal([10, 2, 128], y.Shape.ToArray());
        Assert.Equal([5, 2, 128], next.Shape.ToArray());
    }

    [Fact]
    public void RecurrentLayerExampleRuns()
    {
        var gen = new Generator(1);
        var x = Tensor.Randn(gen, 64, 3, 128);
        var x2 = Tensor.Randn(gen, 64, 3, 128);
        var lstm = new Lstm(inputSize: 128, hiddenSize: 512, numLayers: 2, dropout: 0.2f, bidirectional: true);
        var (output, state) = lstm.Forward(x, initial: null, lengths: [64, 50, 17]);
        var next = lstm.Forward(x2, state.Detach());
        Assert.Equal([64, 3, 1024], output.Shape.ToArray());
        Assert.Equal([4, 3, 512], next.State.H.Shape.ToArray());

        string path = Path.Combine(Path.GetTempPath(), $"recur-readme-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, lstm.StateDict());
            var copy = new Lstm(128, 512, numLayers: 2, dropout: 0.2f, bidirectional: true, generator: new Generator(2));
            copy.LoadStateDict(Safetensors.Load(path).Tensors);
            Assert.Equal(lstm.StateDict()["weight_hh_l1_reverse"].ToArray(), copy.StateDict()["weight_hh_l1_reverse"].ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TrainingExampleRunsAndResumes()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"recur-readme-{Guid.NewGuid():N}");
        try
        {
            string text = Recur.LanguageModels.SyntheticCorpus.Generate(6_000, seed: 3);
            var settings = new Recur.LanguageModels.LmSettings { Hidden = 16, Layers = 1, SeqLength = 16, BatchSize = 8, Embedding = 8 };
            var generator = new Generator(settings.Seed);
            var task = new Recur.LanguageModels.LmTask(settings, Recur.LanguageModels.CharVocabulary.FromText(text), text, generator);
            var trainer = new Recur.Training.Trainer(task, new Recur.Optim.Adam(task.Model.Parameters(), 2e-3), new Recur.Training.TrainerOptions
            {
                Budget = new Recur.Training.TrainingBudget(Steps: 6),
                ClipNorm = 5,
                EvalEvery = 3,
                EarlyStopping = new Recur.Training.EarlyStopping(Patience: 3),
                Directory = dir,
            }, generator);
            var evaluated = new List<int>();
            var result = trainer.Run(new Inline(p => { if (p.Event == Recur.Training.TrainingEvent.Evaluated) evaluated.Add(p.Step); }));
            Assert.Equal(Recur.Training.TrainingOutcome.Finished, result.Outcome);
            Assert.Equal([3, 6], evaluated);
            Assert.NotNull(result.BestMetrics);

            var generator2 = new Generator(settings.Seed);
            var task2 = new Recur.LanguageModels.LmTask(settings, Recur.LanguageModels.CharVocabulary.FromText(text), text, generator2);
            var again = new Recur.Training.Trainer(task2, new Recur.Optim.Adam(task2.Model.Parameters(), 2e-3), new Recur.Training.TrainerOptions { Directory = dir }, generator2);
            again.Restore(Recur.Training.TrainingCheckpoint.Open(dir, Recur.LanguageModels.LmTask.TaskName));
            Assert.Equal(Recur.Training.TrainingOutcome.AlreadyFinished, again.Run().Outcome);
            Assert.Equal(task.Model.StateDict()["head.weight"].ToArray(), task2.Model.StateDict()["head.weight"].ToArray());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    sealed class Inline(Action<Recur.Training.TrainingProgress> report) : IProgress<Recur.Training.TrainingProgress>
    {
        public void Report(Recur.Training.TrainingProgress value) => report(value);
    }

    sealed class Square() : CustomFunction("SquareBackward")
    {
        protected override int[][] OutputShapes(IReadOnlyList<int[]> inputShapes) => [inputShapes[0]];
        protected override void Forward(ForwardContext c)
        {
            var x = c.Input(0); var y = c.Output(0);
            for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
        }
        protected override void Backward(BackwardContext c)
        {
            var x = c.Input(0); var g = c.OutputGrad(0); var dx = c.InputGrad(0);
            for (int i = 0; i < x.Length; i++) dx[i] += 2 * x[i] * g[i];
        }
    }

    [Fact]
    public void CustomFunctionExampleDifferentiates()
    {
        var x = Tensor.FromArray([1f, -2f, 3f]).RequireGrad();
        var y = new Square().Apply(x)[0];
        Assert.Equal("SquareBackward", y.GradFnName);
        y.Sum().Backward();
        Assert.Equal([2f, -4f, 6f], x.Grad!.ToArray());
        Assert.Equal([1f, 4f, 9f], y.ToArray());
    }

    [Fact]
    public void SparseEmbeddingExampleKeepsOnlyLookedUpRows()
    {
        var embedding = new Embedding(100, 8, sparse: true);
        embedding.Forward([5, 7, 5], 3).Sum().Backward();
        Assert.Null(embedding.Weight.Grad);
        embedding.Weight.SparseGrad!.Coalesce();
        Assert.Equal([5, 7], embedding.Weight.SparseGrad.Rows.ToArray());
    }
}
