using Recur.Optim;

namespace Recur.Tests.Optim;

/// <summary>Saving and restoring optimiser state, and the allocation-free steady state.</summary>
public class OptimizerStateTests
{
    static Tensor[] MakeParameters() => [Tensor.Randn(new Generator(1), 4, 5), Tensor.Randn(new Generator(2), 3), Tensor.Randn(new Generator(3), 2, 2)];

    /// <summary>Deterministic gradients for step <paramref name="step"/>; the last parameter has none on odd steps.</summary>
    static void SetGradients(Tensor[] parameters, int step)
    {
        var g = new Generator(100 + (ulong)step);
        for (int i = 0; i < parameters.Length; i++)
            parameters[i].Grad = i == parameters.Length - 1 && step % 2 == 1 ? null : Tensor.Randn(g, parameters[i].Shape.ToArray());
    }

    public static TheoryData<string> Optimizers => ["sgd", "nesterov", "adam", "adamw"];

    static Optimizer Create(string kind, Tensor[] p) => kind switch
    {
        "sgd" => new Sgd(p, 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        "nesterov" => new Sgd(p, 0.1, momentum: 0.8, nesterov: true),
        "adam" => new Adam(p, 0.01, weightDecay: 0.1),
        _ => new AdamW(p, 0.01),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ResumingFromStateDictContinuesBitForBit(string kind)
    {
        const int Total = 8, Split = 3;
        var reference = MakeParameters();
        var uninterrupted = Create(kind, reference);
        for (int step = 0; step < Total; step++) { SetGradients(reference, step); uninterrupted.Step(); }

        var first = MakeParameters();
        var before = Create(kind, first);
        for (int step = 0; step < Split; step++) { SetGradients(first, step); before.Step(); }
        var saved = before.StateDict();
        Assert.NotEmpty(saved);

        var resumed = first.Select(p => Tensor.FromArray(p.AsSpan(), p.Shape.ToArray())).ToArray();
        var after = Create(kind, resumed);
        after.LoadStateDict(saved);
        for (int step = Split; step < Total; step++) { SetGradients(resumed, step); after.Step(); }

        for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i].ToArray(), resumed[i].ToArray());
    }

    [Fact]
    public void StateDictNamesBuffersAndStepCountsLikePyTorch()
    {
        var p = MakeParameters();
        var adam = new Adam(p);
        SetGradients(p, 0); adam.Step();
        SetGradients(p, 1); adam.Step();
        var state = adam.StateDict();
        Assert.Equal(2f, state["state.0.step"].Item());
        Assert.Equal(1f, state["state.2.step"].Item());   // no gradient at step 1, so not counted
        Assert.Equal([4, 5], state["state.0.exp_avg"].Shape.ToArray());
        Assert.Equal(9, state.Count);
        var copy = state["state.0.exp_avg"].ToArray();
        SetGradients(p, 2); adam.Step();
        Assert.Equal(copy, state["state.0.exp_avg"].ToArray());   // a snapshot, not a live view
    }

    [Fact]
    public void MismatchingStateIsRejectedWithoutChangingTheOptimizer()
    {
        var p = MakeParameters();
        var adam = new Adam(p);
        SetGradients(p, 0); adam.Step();
        var good = adam.StateDict();

        void Rejects(string expected, Action<Dictionary<string, Tensor>> corrupt)
        {
            var state = new Dictionary<string, Tensor>(good);
            corrupt(state);
            var error = Assert.Throws<InvalidDataException>(() => adam.LoadStateDict(state));
            Assert.Contains(expected, error.Message);
        }
        Rejects("shape (5, 4) but parameter 0 has shape (4, 5)", s => s["state.0.exp_avg"] = Tensor.Zeros(5, 4));
        Rejects("'state.7.step' refers to parameter 7", s => s["state.7.step"] = Tensor.Scalar(1));
        Rejects("'state.0.momentum_buffer' names no buffer of Adam", s => s["state.0.momentum_buffer"] = Tensor.Zeros(4, 5));
        Rejects("unexpected entry 'exp_avg'", s => s["exp_avg"] = Tensor.Zeros(1));
        Rejects("parameter 1 lacks some of its buffers", s => s.Remove("state.1.exp_avg_sq"));
        Rejects("no 'state.1.step'", s => s.Remove("state.1.step"));
        Rejects("one non-negative integer", s => s["state.1.step"] = Tensor.Scalar(1.5f));
        Assert.Equal(good["state.0.exp_avg"].ToArray(), adam.StateDict()["state.0.exp_avg"].ToArray());

        var sgd = new Sgd(p, 0.1);
        var error = Assert.Throws<InvalidDataException>(() => sgd.LoadStateDict(good));
        Assert.Contains("Sgd", error.Message);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StepsAfterTheFirstDoNotAllocate(string kind)
    {
        var p = MakeParameters();
        SetGradients(p, 0);
        var optimizer = Create(kind, p);
        for (int i = 0; i < 3; i++) optimizer.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) optimizer.Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ZeroGradClearsGradientsInPlace()
    {
        var p = MakeParameters();
        SetGradients(p, 0);
        var grad = p[0].Grad!;
        new Sgd(p, 0.1).ZeroGrad();
        Assert.Same(grad, p[0].Grad);
        Assert.All(grad.ToArray(), v => Assert.Equal(0f, v));
    }
}
