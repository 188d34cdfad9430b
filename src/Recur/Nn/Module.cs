namespace Recur.Nn;

/// <summary>
/// Base of every layer and model: owns named parameters and child modules, and names them in PyTorch's dotted
/// form (<c>encoder.rnn.weight_ih_l0</c>). Those names are the serialisation contract: a PyTorch
/// <c>state_dict</c> saved as safetensors loads by name, and ours loads in PyTorch.
/// </summary>
public abstract class Module
{
    readonly List<(string Name, Tensor Value)> parameters = [];
    readonly List<(string Name, Module Value)> children = [];

    /// <summary>True in training mode (dropout active), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Adds a trainable tensor under <paramref name="name"/> and returns it with RequiresGrad set.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        value.RequiresGrad = true;
        parameters.Add((name, value));
        return value;
    }

    /// <summary>Adds a child whose parameters appear under <c>name.</c>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children.Add((name, module));
        return module;
    }

    void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.')) throw new ArgumentException($"Invalid parameter or module name '{name}'.");
        if (parameters.Exists(p => p.Name == name) || children.Exists(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a member named '{name}'.");
    }

    /// <summary>
    /// Every parameter with its dotted name, own parameters first, then children in registration order. A tensor
    /// shared by two modules (tied weights) appears once, under its first name, as PyTorch's
    /// <c>named_parameters()</c> does, so that an optimiser updates it once.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "")
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in AllNamedParameters(prefix))
            if (seen.Add(p.Parameter)) yield return p;
    }

    /// <summary>Every name of every parameter, a shared tensor under each of its names (what <see cref="StateDict"/> holds).</summary>
    IEnumerable<(string Name, Tensor Parameter)> AllNamedParameters(string prefix)
    {
        foreach (var (name, value) in parameters) yield return (prefix + name, value);
        foreach (var (name, child) in children)
            foreach (var p in child.AllNamedParameters(prefix + name + ".")) yield return p;
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => children.Select(c => (c.Name, c.Value));

    /// <summary>Total number of trainable scalars, as <c>sum(p.numel() for p in m.parameters())</c>.</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Count);

    /// <summary>Switches this module and its children to training (true) or evaluation (false) mode.</summary>
    public virtual Module Train(bool on = true)
    {
        Training = on;
        foreach (var (_, child) in children) child.Train(on);
        return this;
    }

    public Module Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ZeroGrad();
    }

    /// <summary>
    /// Parameter name → tensor (shared, not copied), in PyTorch's <c>state_dict</c> order; a tied tensor is listed
    /// under each of its names, as PyTorch lists it.
    /// </summary>
    public Dictionary<string, Tensor> StateDict() => AllNamedParameters("").ToDictionary(p => p.Name, p => p.Parameter);

    /// <summary>
    /// Copies values into the parameters by name. With <paramref name="strict"/>, a missing or unexpected name is an
    /// error; a shape mismatch always is. Errors name the parameter and both shapes.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        if (strict)
        {
            var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
            var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException(
                    $"State does not match {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].");
        }
        foreach (var (name, target) in own)
        {
            if (!state.TryGetValue(name, out var source)) continue;
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new InvalidDataException(
                    $"Parameter '{name}' has shape {Tensor.ShapeString(target.Shape)} but the state holds {Tensor.ShapeString(source.Shape)}.");
            source.CopyStridedTo(target.AsSpan());
            target.MarkModified();
        }
    }
}
