using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Plain SGD (p ← p − lr·(g + λ·p)) that, once <see cref="StartAveraging"/> is called, also keeps a running mean of
/// the iterates (Polyak &amp; Juditsky 1992): after the k-th step since then, ax ← ax + μ·(p − ax) with
/// μ = 1/max(1, k − 1), so the first two steps set ax to p and later ones average the iterates from the second on.
/// This is <c>torch.optim.ASGD</c> with t0 = 0 and lambd = 0, whose μ lags a step, checked against it; it is the
/// form NT-ASGD switches to (Merity et al. 2018, §3): the
/// weights keep training as SGD and the average is what one evaluates and keeps (<see cref="UseAverage"/>). The
/// average and its step count are saved with <see cref="Optimizer.StateDict"/>; whether averaging has started is
/// the caller's to save (a state taken right after the switch holds no average yet).
/// </summary>
public sealed class AveragedSgd : Optimizer
{
    static readonly string[] AverageBuffer = ["ax"];

    public AveragedSgd(IEnumerable<Tensor> parameters, double learningRate, double weightDecay = 0) : base(parameters, learningRate)
    {
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be non-negative.");
        WeightDecay = weightDecay;
    }

    public double WeightDecay { get; }

    /// <summary>Whether the iterates are being averaged.</summary>
    public bool IsAveraging { get; private set; }

    /// <summary>From the next step on, average the iterates.</summary>
    public void StartAveraging() => IsAveraging = true;

    protected override IReadOnlyList<string> BufferNames => AverageBuffer;

    protected override bool CountsSteps => true;

    private protected override bool UpdatesInParallel => true;

    // Before averaging starts a parameter's state has a step count of 0 and no average.
    protected override bool IsCompleteState(ParameterState state) => state.Step == 0 || state.Buffers[0] is not null;

    protected override void Update(Span<float> parameter, ReadOnlySpan<float> gradient, ParameterState state)
    {
        if (WeightDecay != 0)
        {
            var decayed = Scratch(0, parameter.Length);
            TensorPrimitives.MultiplyAdd(parameter, (float)WeightDecay, gradient, decayed);
            gradient = decayed;
        }
        TensorPrimitives.MultiplyAdd(gradient, (float)-LearningRate, parameter, parameter);
        if (!IsAveraging) return;
        state.Step++;
        if (state.Buffers[0] is not { } average) { state.Buffers[0] = parameter.ToArray(); return; }
        if (state.Step <= 2) { parameter.CopyTo(average); return; }
        // ax + (p − ax)·μ, in the order PyTorch's ASGD computes it.
        var difference = Scratch(1, parameter.Length);
        TensorPrimitives.Subtract(parameter, average, difference);
        TensorPrimitives.MultiplyAdd(difference, (float)(1.0 / (state.Step - 1)), average, average);
    }

    /// <summary>
    /// Puts the averaged weights into the parameters until disposed, which puts the trained ones back. Parameters
    /// without an average (averaging not started, or never updated since) keep their own weights.
    /// </summary>
    public IDisposable UseAverage()
    {
        Swap();
        return new Restorer(this);
    }

    void Swap()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            if (StateOf(i)?.Buffers[0] is not { } average) continue;
            var p = Parameters[i].AsSpan();
            var scratch = Scratch(1, p.Length);
            p.CopyTo(scratch);
            average.CopyTo(p);
            scratch.CopyTo(average);
            Parameters[i].MarkModified();
        }
    }

    sealed class Restorer(AveragedSgd owner) : IDisposable
    {
        bool done;
        public void Dispose()
        {
            if (done) return;
            done = true;
            owner.Swap();
        }
    }
}
