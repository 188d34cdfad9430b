using System.Globalization;
using Recur.Kernels;
using Recur.Kernels.Recurrent;

namespace Recur.Optim;

/// <summary>
/// Base of the first-order optimisers. Updates run in place on each parameter's storage with vectorised span
/// primitives; a parameter whose <see cref="Tensor.Grad"/> is null is skipped and its state left untouched, as in
/// PyTorch. Per-parameter state (buffers and step counters) is created on a parameter's first update and can be saved
/// with <see cref="StateDict"/> and restored with <see cref="LoadStateDict"/> to resume training bit for bit.
/// </summary>
public abstract class Optimizer
{
    readonly Tensor[] parameters;
    readonly ParameterState?[] states;
    readonly float[]?[] scratch = new float[]?[3];

    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException("The optimiser was given no parameters.", nameof(parameters));
        for (int i = 0; i < this.parameters.Length; i++)
            if (!this.parameters[i].IsContiguous) throw new ArgumentException($"Parameter {i} is not contiguous; optimisers update storage in place.", nameof(parameters));
        states = new ParameterState?[this.parameters.Length];
        separateStorage = this.parameters.Select(p => p.Storage).Distinct(ReferenceEqualityComparer.Instance).Count() == this.parameters.Length;
        LearningRate = learningRate;
    }

    // Two parameters over one storage (a tensor listed twice, or views of one buffer) are updated one after the other.
    readonly bool separateStorage;

    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>The step size of the next <see cref="Step"/>; a learning-rate schedule sets it before each step.</summary>
    public double LearningRate
    {
        get;
        set => field = value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "The learning rate must be finite and non-negative.");
    }

    /// <summary>Names of the per-parameter buffers this optimiser keeps, each the shape of its parameter.</summary>
    protected abstract IReadOnlyList<string> BufferNames { get; }

    /// <summary>Whether each parameter keeps a step counter (saved as <c>state.i.step</c>).</summary>
    protected abstract bool CountsSteps { get; }

    /// <summary>
    /// Applies one update to every parameter that has a gradient. A row-sparse gradient (<see cref="Tensor.SparseGrad"/>,
    /// from a sparse embedding) is coalesced and handed to <see cref="UpdateRows"/>. Dense updates of the built-in
    /// optimisers are shared out between threads, whole parameters to each (the step is memory-bound, and on one core
    /// it held the other idle); every parameter gets the bits it would on one thread.
    /// </summary>
    public void Step()
    {
        dense.Clear();
        long denseFloats = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Grad is { } grad)
            {
                if (!grad.Shape.SequenceEqual(p.Shape))
                    throw new InvalidOperationException($"Parameter {i} has shape {Tensor.ShapeString(p.Shape)} but its gradient has {Tensor.ShapeString(grad.Shape)}.");
                states[i] ??= new ParameterState(BufferNames.Count);
                dense.Add(i);
                denseFloats += p.Count;
            }
        }
        int parts = UpdatesInParallel && separateStorage && denseFloats >= ParallelFloats ? Math.Min(Parallelism.MaxThreads, dense.Count) : 1;
        if (parts > 1)
        {
            while (shareScratch.Count < parts) shareScratch.Add(new float[]?[3]);
            var work = new DenseUpdates(this, Share(parts));
            BatchRows.RunInParts(ref work, parts, parts);
        }
        else
            foreach (int i in dense) Update(parameters[i].AsSpan(), parameters[i].Grad!.AsSpan(), states[i]!);
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.Grad is not null)
                p.MarkModified();
            else if (p.SparseGrad is { } sparse)
            {
                sparse.Coalesce();
                UpdateRows(p.AsSpan(), sparse, states[i] ??= new ParameterState(BufferNames.Count));
                p.MarkModified();
            }
        }
    }

    const long ParallelFloats = 1 << 17;

    /// <summary>
    /// Whether <see cref="Update"/> may run for different parameters at once (it touches only its parameter, its state
    /// and <see cref="Scratch"/>). The built-in optimisers say so; a subclass elsewhere keeps one thread.
    /// </summary>
    private protected virtual bool UpdatesInParallel => false;

    // The parameters with a dense gradient this step, and how they were last shared out (usually the same each step,
    // so steps after the first allocate nothing).
    readonly List<int> dense = [];
    int[] sharedIndices = [];
    int[][] shares = [];

    // Largest parameters first, each to the least-loaded share.
    int[][] Share(int parts)
    {
        if (shares.Length == parts && dense.SequenceEqual(sharedIndices)) return shares;
        var loads = new long[parts];
        var lists = Enumerable.Range(0, parts).Select(_ => new List<int>()).ToArray();
        foreach (int i in dense.OrderByDescending(i => parameters[i].Count))
        {
            int least = Array.IndexOf(loads, loads.Min());
            lists[least].Add(i);
            loads[least] += parameters[i].Count;
        }
        sharedIndices = [.. dense];
        return shares = lists.Select(share => share.ToArray()).ToArray();
    }

    readonly struct DenseUpdates(Optimizer optimizer, int[][] shares) : IRowWork
    {
        public void Execute(int share0, int count)
        {
            for (int s = share0; s < share0 + count; s++)
            {
                // Each share has its own scratch buffers, kept by the optimiser for the next step.
                activeScratch = optimizer.shareScratch[s];
                try
                {
                    foreach (int i in shares[s])
                        optimizer.Update(optimizer.parameters[i].AsSpan(), optimizer.parameters[i].Grad!.AsSpan(), optimizer.states[i]!);
                }
                finally { activeScratch = null; }
            }
        }
    }

    readonly List<float[]?[]> shareScratch = [];

    // The scratch set of the share this thread is updating, for the duration of that share only.
    [ThreadStatic] static float[]?[]? activeScratch;

    /// <summary>Updates one parameter in place from its gradient; <paramref name="state"/> belongs to that parameter.</summary>
    protected abstract void Update(Span<float> parameter, ReadOnlySpan<float> gradient, ParameterState state);

    /// <summary>
    /// Updates a (V, E) parameter from a coalesced row-sparse gradient. By default the gradient is made dense and
    /// passed to <see cref="Update"/>, which gives what the dense gradient would; optimisers with a row-wise rule
    /// (PyTorch's sparse paths) override it to touch only the rows present.
    /// </summary>
    protected virtual void UpdateRows(Span<float> parameter, RowSparseGradient gradient, ParameterState state)
    {
        var dense = Scratch(2, parameter.Length);
        dense.Clear();
        gradient.AddTo(dense);
        Update(parameter, dense, state);
    }

    /// <summary>Zeroes every parameter's gradient, keeping the buffers.</summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters) p.ZeroGrad();
    }

    /// <summary>
    /// Working memory of <paramref name="length"/> floats, grown to the largest parameter once, so that steps after
    /// the first allocate nothing. Slots 0 and 1 are an update's temporaries; slot 2 holds a densified sparse gradient.
    /// </summary>
    protected Span<float> Scratch(int slot, int length)
    {
        var set = activeScratch ?? scratch;
        var buffer = set[slot];
        if (buffer is null || buffer.Length < length) set[slot] = buffer = new float[parameters.Max(p => p.Count)];
        return buffer.AsSpan(0, length);
    }

    /// <summary>
    /// A copy of the optimiser's state: <c>state.{i}.{buffer}</c> tensors shaped like parameter i and, where counted,
    /// <c>state.{i}.step</c> as a one-element tensor (exact up to 2²⁴ steps, as PyTorch's float32 step tensor).
    /// Parameters never updated have no entries.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var result = new Dictionary<string, Tensor>();
        for (int i = 0; i < states.Length; i++)
        {
            if (states[i] is not { } state) continue;
            if (CountsSteps) result[$"state.{i}.step"] = Tensor.Scalar(state.Step);
            for (int b = 0; b < BufferNames.Count; b++)
                if (state.Buffers[b] is { } buffer) result[$"state.{i}.{BufferNames[b]}"] = Tensor.FromArray(buffer, parameters[i].Dims);
        }
        return result;
    }

    /// <summary>
    /// Replaces the optimiser's state with <paramref name="state"/> (as made by <see cref="StateDict"/>); parameters
    /// without entries start afresh. Unknown names, wrong shapes and incomplete entries are errors, and on error the
    /// current state is kept.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var loaded = new ParameterState?[parameters.Length];
        var steps = new bool[parameters.Length];
        foreach (var (key, tensor) in state)
        {
            var parts = key.Split('.');
            if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int i))
                throw Mismatch($"unexpected entry '{key}'; entries are named state.<parameter index>.<name>");
            if (i >= parameters.Length) throw Mismatch($"entry '{key}' refers to parameter {i}, but the optimiser has {parameters.Length}");
            var target = loaded[i] ??= new ParameterState(BufferNames.Count);
            if (CountsSteps && parts[2] == "step")
            {
                float step = tensor.Count == 1 ? tensor.ToArray()[0] : float.NaN;
                if (!(step >= 0) || step != MathF.Floor(step)) throw Mismatch($"entry '{key}' must be one non-negative integer");
                target.Step = (long)step;
                steps[i] = true;
                continue;
            }
            int b = IndexOf(BufferNames, parts[2]);
            if (b < 0) throw Mismatch($"entry '{key}' names no buffer of {GetType().Name} (expected {string.Join(", ", BufferNames.Prepend(CountsSteps ? "step" : null).OfType<string>())})");
            if (!tensor.Shape.SequenceEqual(parameters[i].Shape))
                throw Mismatch($"entry '{key}' has shape {Tensor.ShapeString(tensor.Shape)} but parameter {i} has shape {Tensor.ShapeString(parameters[i].Shape)}");
            target.Buffers[b] = tensor.ToArray();
        }
        for (int i = 0; i < loaded.Length; i++)
        {
            if (loaded[i] is null) continue;
            if (CountsSteps && !steps[i]) throw Mismatch($"parameter {i} has buffers but no 'state.{i}.step'");
            if (!IsCompleteState(loaded[i]!)) throw Mismatch($"parameter {i} lacks some of its buffers ({string.Join(", ", BufferNames)})");
        }
        Array.Copy(loaded, states, loaded.Length);
    }

    /// <summary>Parameter i's state, null before its first update.</summary>
    protected ParameterState? StateOf(int i) => states[i];

    /// <summary>Whether a loaded state has every buffer this optimiser needs; by default all of them.</summary>
    protected virtual bool IsCompleteState(ParameterState state) => Array.TrueForAll(state.Buffers, b => b is not null);

    static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    InvalidDataException Mismatch(string problem) => new($"Optimizer state does not match {GetType().Name}: {problem}.");

    /// <summary>One parameter's optimiser state: a step counter and buffers in <see cref="BufferNames"/> order.</summary>
    protected sealed class ParameterState(int bufferCount)
    {
        public long Step;
        public readonly float[]?[] Buffers = new float[]?[bufferCount];
    }
}
