using Recur.Nn;
using Recur.Serialization;
using Recur.Tests.Nn.Sequence;

namespace Recur.Tests.Nn.Convolution;

/// <summary>
/// The TCN stack: output and every gradient against a two-level PyTorch TemporalConvNet (symmetric padding and chomp,
/// weight_norm) loaded by its state_dict names; the sequence-layer contract (chunks, stepper, causality); the
/// receptive field, probed with an impulse; and parameter names.
/// </summary>
public class TcnTests
{
    static readonly SafetensorsFile Fixture =
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "conv", "tcn.safetensors"));

    static Tensor Load(string key) { var t = Fixture.Tensors[key]; return Tensor.FromArray(t.ToArray(), t.Shape.ToArray()); }

    static Tcn Create(int kernelSize = 3, float dropout = 0f) => new(3, [4, 5, 5], kernelSize, dropout, new Generator(3));

    /// <summary>Weights of order one (the downsample's N(0, 0.01) would make the skip path almost vanish), so each path matters.</summary>
    static T Scaled<T>(T layer) where T : Module
    {
        var g = new Generator(21);
        foreach (var (name, p) in layer.NamedParameters())
            Init.Normal(p, name.EndsWith("weight_g") ? 1f : 0f, 0.4f, g);
        return layer;
    }

    /// <summary>
    /// The reference's effective initialisation, as PyTorch 1.13 leaves it after the first forward: locuslab's
    /// <c>conv1.weight.data.normal_(0, 0.01)</c> is overwritten by weight_norm's hook, so the convolutions keep the
    /// Kaiming-uniform default (30 channels, K = 7: U(−1/√210, 1/√210), std 0.0398 in PyTorch), while the
    /// downsample (no weight_norm) and the task head keep their N(0, 0.01).
    /// </summary>
    [Fact]
    public void InitialisationIsWhatTheReferenceRuns()
    {
        var tcn = new Tcn(2, 30, layers: 2, generator: new Generator(5), kernelSize: 7);
        static float Std(Tensor t) { var a = t.ToArray(); float m = a.Average(); return MathF.Sqrt(a.Sum(v => (v - m) * (v - m)) / a.Length); }
        float bound = 1f / MathF.Sqrt(30 * 7);
        foreach (var block in tcn.Blocks)
        {
            var w = block.Conv2.EffectiveWeight();
            Assert.All(w.ToArray(), v => Assert.InRange(MathF.Abs(v), 0f, bound));
            Assert.InRange(Std(w), 0.9f * bound / MathF.Sqrt(3), 1.1f * bound / MathF.Sqrt(3));
        }
        Assert.InRange(Std(tcn.Blocks[0].Downsample!.Weight!), 0.008f, 0.012f);
        var model = new Recur.SequenceTasks.SequenceTaskModel(tcn, 1, Recur.SequenceTasks.SequenceReadout.LastStep, new Generator(6));
        Assert.InRange(Std(model.NamedParameters().Single(p => p.Name == "head.weight").Parameter), 0.005f, 0.015f);
    }

    [Fact]
    public void OutputAndGradientsMatchPyTorch()
    {
        var tcn = new Tcn(3, 4, layers: 2, generator: new Generator(1));
        var state = Fixture.Tensors.Where(p => p.Key.StartsWith("param.")).ToDictionary(p => p.Key["param.".Length..], p => Load(p.Key));
        tcn.LoadStateDict(state);
        var x = Load("input").RequireGrad();
        var (y, _) = tcn.Forward(x);
        Conv1dReferenceTests.AssertClose(Fixture.Tensors["output"].ToArray(), y.ToArray(), "output");
        y.Backward(Load("grad_output"));
        Conv1dReferenceTests.AssertClose(Fixture.Tensors["grad.input"].ToArray(), x.Grad!.ToArray(), "input gradient");
        foreach (var (name, p) in tcn.NamedParameters())
            Conv1dReferenceTests.AssertClose(Fixture.Tensors[$"grad.{name}"].ToArray(), p.Grad!.ToArray(), $"gradient of {name}");
    }

    [Fact]
    public void ChunksCarriedThroughTheStateEqualOnePass()
    {
        var tcn = Scaled(Create());
        SequenceLayerContract.ChunksEqualWhole(tcn, steps: 19, batch: 3, split: 7);
        SequenceLayerContract.ChunksEqualWhole(tcn, steps: 19, batch: 2, split: 2); // a chunk shorter than the history
    }

    [Theory, InlineData(2), InlineData(3)]
    public void StepperEqualsForward(int kernelSize) =>
        SequenceLayerContract.StepperEqualsForward(Scaled(Create(kernelSize)), steps: 17, batch: 2);

    [Fact]
    public void StepperAllocatesNothing()
    {
        var stepper = Create().CreateStepper(2);
        var state = new float[2 * stepper.StateSize];
        float[] x = [0.5f, -1f, 2f, 1f, 0f, -0.5f], y = new float[2 * 5];
        for (int i = 0; i < 3; i++) stepper.Step(x, state, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) stepper.Step(x, state, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void OutputsDoNotReadTheFuture() => SequenceLayerContract.IsCausal(Scaled(Create()), steps: 12, batch: 2, t: 6);

    [Theory, InlineData(2, 3), InlineData(3, 2)]
    public void AnImpulseReachesExactlyTheReceptiveField(int kernelSize, int levels)
    {
        // Positive weights and inputs keep every ReLU open, so the network is linear with positive coefficients
        // and an input reaches an output exactly when a path of taps joins them.
        var tcn = new Tcn(2, 3, levels, generator: new Generator(5), kernelSize: kernelSize);
        foreach (var p in tcn.Parameters()) Init.Uniform(p, 0.1f, 0.5f, new Generator(7));
        Assert.Equal(1 + 2 * (kernelSize - 1) * ((1 << levels) - 1), tcn.ReceptiveField);
        int steps = tcn.ReceptiveField + 12, at = 5;
        using var _ = Tensor.NoGrad();
        var x = Tensor.Uniform(new Generator(6), 0.1f, 1f, steps, 1, 2);
        var before = tcn.Forward(x).Output.ToArray();
        x.AsSpan()[at * 2] += 1f;
        var after = tcn.Forward(x).Output.ToArray();
        for (int t = 0; t < steps; t++)
        {
            bool changed = false;
            for (int h = 0; h < 3; h++) changed |= before[t * 3 + h] != after[t * 3 + h];
            bool inside = t >= at && t < at + tcn.ReceptiveField;
            Assert.True(inside == changed, $"output {t} {(changed ? "changed" : "did not change")}; the field is [{at}, {at + tcn.ReceptiveField})");
        }
    }

    [Fact]
    public void ParametersHaveTheReferenceNames()
    {
        var names = Create().NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("network.0.conv1.weight_g", names);
        Assert.Contains("network.0.conv2.weight_v", names);
        Assert.Contains("network.0.downsample.weight", names);
        Assert.Contains("network.2.conv2.bias", names);
        Assert.DoesNotContain("network.2.downsample.weight", names);
        var tcn = new Tcn(7, 16, layers: 4, dropout: 0.1f, generator: new Generator(1));
        Assert.Equal((7, 16, 1 + 2 * 2 * 15), (tcn.InputSize, tcn.OutputSize, tcn.ReceptiveField));
        var state = tcn.ZeroState(3);
        Assert.Equal(8, state.Tensors.Count);
        Assert.Equal([3, 7, 2], state.Tensors[0].Shape.ToArray());
        Assert.Equal([3, 16, 16], state.Tensors[7].Shape.ToArray());
        Assert.Equal(state.Tensors.Sum(t => t.Count) / 3, tcn.CreateStepper(3).StateSize);
    }

    [Fact]
    public void DropoutActsOnlyInTraining()
    {
        var tcn = Scaled(Create(dropout: 0.5f));
        var x = Tensor.Randn(new Generator(2), 6, 2, 3);
        using var _ = Tensor.NoGrad();
        var train = tcn.Forward(x).Output.ToArray();
        tcn.Eval();
        var eval1 = tcn.Forward(x).Output.ToArray();
        Assert.Equal(eval1, tcn.Forward(x).Output.ToArray());
        Assert.NotEqual(train, eval1);
    }

    [Fact]
    public void AWrongStateIsNamed()
    {
        var tcn = Create();
        var ex = Assert.Throws<ArgumentException>(() => tcn.Forward(Tensor.Zeros(4, 2, 3), tcn.ZeroState(3)));
        Assert.Contains("Tcn", ex.Message);
    }
}
