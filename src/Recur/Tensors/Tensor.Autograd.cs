namespace Recur;

/// <summary>
/// Define-by-run reverse-mode autograd. Every differentiable op calls <see cref="Record"/> with the tensors it read
/// and a closure that maps the output's gradient to its inputs' gradients; <see cref="Backward"/> is a topological
/// sort plus one loop over that closure list (as in micrograd). After a backward pass the graph is released, so
/// memory does not grow across training steps.
/// </summary>
public sealed partial class Tensor
{
    bool requiresGrad;
    bool retainGrad;
    Tensor[]? parents;
    Action<Tensor>? backward;
    Action<Tensor, Tensor>? nodeBackward; // (node, its gradient): lets ops record a static lambda, no closure
    object? nodeState;                     // what a static backward needs besides parents and the node's own values
    SavedTensors saved;

    [ThreadStatic] static int noGradDepth;

    /// <summary>Whether gradients flow to this tensor. Only leaves (tensors no op produced) may be switched.</summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (!IsLeaf) throw new InvalidOperationException("RequiresGrad can only be set on a leaf tensor; call Detach() first.");
            requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of the last <see cref="Backward"/>, for leaves and retained tensors.</summary>
    public Tensor? Grad
    {
        get => grad;
        set { grad = value; gradIsEngineBuffer = false; }
    }

    Tensor? grad;
    bool gradIsEngineBuffer; // the gradient's storage was made by the engine and is referenced by nothing else

    /// <summary>
    /// The row-sparse gradient of a table looked up with a sparse embedding, when no dense gradient has reached it
    /// (PyTorch's sparse <c>grad</c>); null otherwise. A dense gradient arriving later absorbs it into <see cref="Grad"/>.
    /// </summary>
    public RowSparseGradient? SparseGrad { get; private set; }

    /// <summary>True when the tensor was made by no differentiable op (parameters, inputs, detached values).</summary>
    public bool IsLeaf => backward is null && nodeBackward is null;

    /// <summary>The op that produced this tensor, as in PyTorch's <c>grad_fn</c>; null for leaves.</summary>
    public string? GradFnName { get; private set; }

    /// <summary>Keep this non-leaf tensor's gradient after <see cref="Backward"/> (PyTorch's <c>retain_grad</c>).</summary>
    public Tensor RetainGrad() { retainGrad = true; return this; }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor, for fluent construction of leaves.</summary>
    public Tensor RequireGrad(bool value = true) { RequiresGrad = value; return this; }

    /// <summary>True while gradients are being recorded on this thread (outside any <see cref="NoGrad"/> scope).</summary>
    public static bool IsGradEnabled => noGradDepth == 0;

    /// <summary>Within the returned scope no op records a graph: for inference and for optimiser updates.</summary>
    public static IDisposable NoGrad() { noGradDepth++; return new NoGradScope(); }

    sealed class NoGradScope : IDisposable
    {
        bool disposed;
        public void Dispose() { if (!disposed) { disposed = true; noGradDepth--; } }
    }

    /// <summary>A tensor sharing this one's data, cut from the graph: gradients stop here (truncated BPTT).</summary>
    public Tensor Detach() => new(this, Offset, Dims, Strides);

    /// <summary>Zeroes the gradient in place, keeping its buffer so that training steps do not allocate.</summary>
    public void ZeroGrad()
    {
        Grad?.AsSpan().Clear();
        SparseGrad?.Clear();
    }

    /// <summary>
    /// Adds rows <paramref name="ids"/> of a (V, E) gradient, given as (ids.Length, E) values: kept sparse while
    /// this table has no dense gradient, else added into it.
    /// </summary>
    internal void AccumulateSparseRows(ReadOnlySpan<int> ids, ReadOnlySpan<float> rowGradients)
    {
        if (!requiresGrad) return;
        int e = Dims[1];
        if (Grad is not null)
        {
            var dense = Grad.AsSpan();
            for (int i = 0; i < ids.Length; i++)
            {
                var target = dense.Slice(ids[i] * e, e);
                System.Numerics.Tensors.TensorPrimitives.Add(target, rowGradients.Slice(i * e, e), target);
            }
            return;
        }
        (SparseGrad ??= new RowSparseGradient(Dims[0], e)).Add(ids, rowGradients);
    }

    /// <summary>
    /// Connects <paramref name="output"/> to <paramref name="inputs"/> in the graph when any of them needs a
    /// gradient and grad mode is on. <paramref name="backwardFn"/> receives the output's gradient (same shape as the
    /// output) and calls <see cref="AccumulateGrad"/> on the inputs. The tensors backward will read are passed as
    /// <paramref name="saved0"/>/<paramref name="saved1"/> so that an in-place change to them is caught.
    /// </summary>
    internal static Tensor Record(Tensor output, string name, Tensor[] inputs, Action<Tensor> backwardFn,
        Tensor? saved0 = null, Tensor? saved1 = null)
    {
        if (!Connect(output, name, inputs, saved0, saved1)) return output;
        output.backward = backwardFn;
        return output;
    }

    /// <summary>
    /// As the closure form, but <paramref name="backwardFn"/> is called with the node and its gradient, so a static
    /// lambda (allocated once per process) can read the inputs from <see cref="Parent"/> and any constants from
    /// <paramref name="state"/>.
    /// </summary>
    internal static Tensor Record(Tensor output, string name, Tensor[] inputs, Action<Tensor, Tensor> backwardFn,
        Tensor? saved0 = null, Tensor? saved1 = null, object? state = null)
    {
        if (!Connect(output, name, inputs, saved0, saved1)) return output;
        output.nodeBackward = backwardFn;
        output.nodeState = state;
        return output;
    }

    static bool Connect(Tensor output, string name, Tensor[] inputs, Tensor? saved0, Tensor? saved1)
    {
        if (noGradDepth > 0) return false;
        bool any = false;
        foreach (var t in inputs) any |= t.requiresGrad;
        if (!any) return false;
        output.requiresGrad = true;
        output.parents = inputs;
        output.GradFnName = name;
        output.saved = new SavedTensors(saved0, saved1);
        return true;
    }

    /// <summary>Saves more tensors for the version check of a recorded node (fused ops that read many inputs).</summary>
    internal void SaveForBackward(Tensor[] tensors)
    {
        if (requiresGrad && !IsLeaf) saved.Add(tensors);
    }

    /// <summary>Input <paramref name="i"/> of a recorded node (for static backward functions).</summary>
    internal Tensor Parent(int i) => parents![i];

    /// <summary>The constants a node was recorded with.</summary>
    internal T State<T>() => (T)nodeState!;

    /// <summary>
    /// Adds <paramref name="gradient"/> to this tensor's gradient. A gradient of a broadcast shape is first summed
    /// down to this tensor's shape, so ops never un-broadcast by hand.
    /// </summary>
    internal void AccumulateGrad(Tensor gradient) => AccumulateGrad(gradient, owned: false);

    /// <summary>True when a node's gradient is dropped after its backward, so one consumer may keep the buffer.</summary>
    internal bool GradIsDisposable => !retainGrad;

    /// <summary>
    /// As <see cref="AccumulateGrad(Tensor)"/>; with <paramref name="owned"/> the caller hands over a gradient it
    /// has just computed and holds no other reference to, so the first one is adopted as the gradient instead of
    /// copied, and one that is added instead is recycled — unless <paramref name="recyclable"/> is false, for a
    /// node passing on its own gradient, which it still holds. Returns whether the gradient was adopted.
    /// </summary>
    internal bool AccumulateGrad(Tensor gradient, bool owned, bool recyclable = true)
    {
        if (!requiresGrad) return false;
        if (!Dims.AsSpan().SequenceEqual(gradient.Dims)) { gradient = gradient.SumToShape(Dims); owned = recyclable = true; }
        if (Grad is null && SparseGrad is { Count: > 0 } sparse)
        {
            // A dense gradient meets a sparse one (a tied embedding, say): fall back to one dense gradient.
            Grad = sparse.ToDense();
            SparseGrad = null;
        }
        if (Grad is null)
        {
            if (owned && gradient.IsContiguous && gradient.Offset == 0 && gradient.Storage.Length == gradient.Count && gradient.IsLeaf)
            {
                grad = gradient;
                gradIsEngineBuffer = true;
                return true;
            }
            grad = new Tensor(Uninitialized(Count), Dims);
            gradIsEngineBuffer = true;
            gradient.CopyStridedTo(grad.AsSpan());
        }
        else if (gradient.IsContiguous)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(grad.AsSpan(), gradient.AsSpan(), grad.AsSpan());
            // An owned gradient that was added, not adopted, is dead now: its buffer can serve the next op.
            if (owned && recyclable && gradient.IsLeaf && gradient.root is null && !ReferenceEquals(gradient, grad))
                GradientBufferPool.Current.Return(gradient.Storage);
        }
        else
        {
            var tmp = new float[Count];
            gradient.CopyStridedTo(tmp);
            System.Numerics.Tensors.TensorPrimitives.Add(Grad.AsSpan(), tmp, Grad.AsSpan());
        }
        return false;
    }

    /// <summary>
    /// Back-propagates from this tensor. A scalar needs no seed; any other shape needs <paramref name="seed"/>, the
    /// gradient of the final objective with respect to this tensor. Leaf gradients accumulate across calls until
    /// zeroed; the graph is released afterwards.
    /// </summary>
    public void Backward(Tensor? seed = null)
    {
        if (!requiresGrad) throw new InvalidOperationException("Backward() on a tensor that does not require grad: no input of the graph has RequiresGrad set.");
        if (seed is null && Count != 1) throw new InvalidOperationException($"Backward() without a seed needs a one-element tensor, not shape {ShapeString(Dims)}.");
        var order = TopologicalOrder();
        using (NoGrad())
        {
            if (seed is null) AccumulateGrad(Ones(Dims), owned: true);
            else AccumulateGrad(seed);
            for (int i = order.Count - 1; i >= 0; i--)
            {
                var node = order[i];
                if (node.IsLeaf) continue;
                if (node.Grad is not null)
                {
                    node.saved.Check(node.GradFnName!);
                    if (node.nodeBackward is not null) node.nodeBackward(node, node.Grad);
                    else node.backward!(node.Grad);
                }
                if (!node.retainGrad) node.ReleaseGrad();
                node.backward = null;
                node.nodeBackward = null;
                node.nodeState = null;
                node.saved = default;
                node.parents = null;
            }
        }
    }

    /// <summary>Drops a finished node's gradient, recycling its buffer unless an input adopted it.</summary>
    void ReleaseGrad()
    {
        if (grad is { } g && gradIsEngineBuffer && g.IsLeaf && g.root is null)
        {
            bool handedOn = false;
            foreach (var p in parents!) handedOn |= ReferenceEquals(p.grad, g);
            if (!handedOn) GradientBufferPool.Current.Return(g.Storage);
        }
        grad = null;
        gradIsEngineBuffer = false;
    }

    List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int Next)>();
        stack.Push((this, 0));
        visited.Add(this);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var ps = node.parents;
            if (ps is not null && next < ps.Length)
            {
                stack.Push((node, next + 1));
                var p = ps[next];
                if (p.requiresGrad && visited.Add(p)) stack.Push((p, 0));
            }
            else order.Add(node);
        }
        return order;
    }
}
