namespace Recur;

/// <summary>
/// A differentiable op defined by its forward and backward over spans, PyTorch's <c>torch.autograd.Function</c>:
/// subclass it, say the output shapes, fill the outputs in <see cref="Forward"/> and accumulate the input gradients
/// in <see cref="Backward"/>. An instance is one application (it plays the part of PyTorch's <c>ctx</c>): whatever
/// forward keeps in fields is there for backward. Inputs are handed over contiguous; outputs may be several, and
/// are views of one node, so backward runs once with all their gradients (zeros for outputs nobody used). The engine
/// checks at backward time that no input or output was modified in place since forward.
/// </summary>
public abstract class CustomFunction
{
    bool applied;
    Tensor[] inputs = [];
    Tensor[] contiguous = [];
    int[][] shapes = [];
    int[] offsets = [];
    float[] packed = [];

    /// <param name="name">The node's name in the graph (<c>GradFnName</c>), e.g. "CtcLossBackward".</param>
    protected CustomFunction(string name) => Name = name;

    public string Name { get; }

    /// <summary>The shapes of the outputs for inputs of the given shapes.</summary>
    protected abstract int[][] OutputShapes(IReadOnlyList<int[]> inputShapes);

    /// <summary>Computes the outputs from the inputs.</summary>
    protected abstract void Forward(ForwardContext context);

    /// <summary>Adds ∂L/∂input into <see cref="BackwardContext.InputGrad"/> for each input that needs it.</summary>
    protected abstract void Backward(BackwardContext context);

    /// <summary>Runs the function and records it in the graph; returns one tensor per output shape.</summary>
    public Tensor[] Apply(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (applied) throw new InvalidOperationException($"{GetType().Name} was already applied; a CustomFunction instance holds one application's saved state, so create a new one per call.");
        applied = true;
        this.inputs = inputs;
        contiguous = Array.ConvertAll(inputs, t => t.IsContiguous ? t : t.ContiguousCopy());
        shapes = OutputShapes(Array.ConvertAll(inputs, t => t.Shape.ToArray()));
        if (shapes.Length == 0) throw new InvalidOperationException($"{GetType().Name}.OutputShapes returned no outputs.");
        offsets = PackedOutputs.Offsets(shapes);
        packed = new float[offsets[^1]];
        bool recording = Tensor.IsGradEnabled && Array.Exists(inputs, t => t.RequiresGrad);
        Forward(new ForwardContext(this, recording));

        var node = shapes.Length == 1 ? new Tensor(packed, (int[])shapes[0].Clone()) : new Tensor(packed, [packed.Length]);
        Tensor.Record(node, Name, inputs, RunBackward);
        node.SaveForBackward([.. inputs, node]);
        return shapes.Length == 1 ? [node] : node.RequiresGrad ? PackedOutputs.Split(node, shapes, offsets)
            : Array.ConvertAll(Enumerable.Range(0, shapes.Length).ToArray(), i => new Tensor(node, offsets[i], shapes[i], Tensor.ContiguousStrides(shapes[i])));
    }

    void RunBackward(Tensor grad)
    {
        var grads = new float[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++) grads[i] = inputs[i].RequiresGrad ? new float[inputs[i].Count] : [];
        Backward(new BackwardContext(this, grad.AsSpan(), grads));
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].RequiresGrad) inputs[i].AccumulateGrad(new Tensor(grads[i], inputs[i].Shape.ToArray()), owned: true);
    }

    /// <summary>What <see cref="Forward"/> reads and writes.</summary>
    public readonly ref struct ForwardContext
    {
        readonly CustomFunction f;

        internal ForwardContext(CustomFunction f, bool isRecording) { this.f = f; IsRecording = isRecording; }

        /// <summary>Whether backward will run: forward need only save intermediates when it will.</summary>
        public bool IsRecording { get; }

        public int InputCount => f.inputs.Length;

        public ReadOnlySpan<float> Input(int i) => f.contiguous[i].AsSpan();

        public ReadOnlySpan<int> InputShape(int i) => f.inputs[i].Shape;

        public Span<float> Output(int i) => f.packed.AsSpan(f.offsets[i], f.offsets[i + 1] - f.offsets[i]);

        public ReadOnlySpan<int> OutputShape(int i) => f.shapes[i];
    }

    /// <summary>What <see cref="Backward"/> reads and writes.</summary>
    public readonly ref struct BackwardContext
    {
        readonly CustomFunction f;
        readonly ReadOnlySpan<float> grad;
        readonly float[][] inputGrads;

        internal BackwardContext(CustomFunction f, ReadOnlySpan<float> grad, float[][] inputGrads)
        {
            this.f = f; this.grad = grad; this.inputGrads = inputGrads;
        }

        public int InputCount => f.inputs.Length;

        public ReadOnlySpan<float> Input(int i) => f.contiguous[i].AsSpan();

        public ReadOnlySpan<int> InputShape(int i) => f.inputs[i].Shape;

        /// <summary>The forward result <paramref name="i"/>.</summary>
        public ReadOnlySpan<float> Output(int i) => f.packed.AsSpan(f.offsets[i], f.offsets[i + 1] - f.offsets[i]);

        /// <summary>∂L/∂output <paramref name="i"/> (zeros when the output was not used).</summary>
        public ReadOnlySpan<float> OutputGrad(int i) => grad.Slice(f.offsets[i], f.offsets[i + 1] - f.offsets[i]);

        public bool NeedsInputGrad(int i) => f.inputs[i].RequiresGrad;

        /// <summary>The buffer (zeroed, the input's shape) to add ∂L/∂input <paramref name="i"/> into; empty when not needed.</summary>
        public Span<float> InputGrad(int i) => inputGrads[i];
    }
}
