namespace Recur;

/// <summary>
/// Gradient checkpointing (Chen et al. 2016, "Training deep nets with sublinear memory cost"): a sub-graph is run
/// without recording, so none of its intermediates stay alive; backward runs it again with recording on and
/// back-propagates through that fresh copy. Memory falls from every intermediate of the sub-graph to its inputs
/// and outputs, at the price of one more forward pass.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Returns <c>f(inputs)</c> with the same values and the same gradients as calling <paramref name="f"/>
    /// directly, while keeping only <paramref name="inputs"/> for backward. <paramref name="f"/> must be
    /// deterministic (it runs twice) and may read, besides its arguments, only leaves such as parameters: a
    /// recorded non-leaf it captured would be back-propagated through twice. Every parameter that needs a gradient
    /// should also be passed in <paramref name="inputs"/> (and may be used from its argument or directly), because
    /// the node is recorded only when some input requires a gradient.
    /// </summary>
    public static Tensor[] Checkpoint(Func<Tensor[], Tensor[]> f, params Tensor[] inputs)
    {
        Tensor[] outputs;
        using (NoGrad()) outputs = f(inputs);
        if (outputs.Length == 0) throw new ArgumentException("Checkpoint: the function returned no tensors.");

        // Autograd nodes have one output each, so the outputs are packed into one flat recorded tensor and handed
        // out as views of it; the views' backward functions gather every output's gradient into the flat gradient
        // before the node's own backward runs, once, with all of them.
        var offsets = new int[outputs.Length + 1];
        for (int i = 0; i < outputs.Length; i++) offsets[i + 1] = offsets[i] + outputs[i].Count;
        var flat = new float[offsets[^1]];
        for (int i = 0; i < outputs.Length; i++) outputs[i].CopyStridedTo(flat.AsSpan(offsets[i], outputs[i].Count));

        var packed = Record(new Tensor(flat, [flat.Length]), "CheckpointBackward", inputs, grad => Recompute(f, inputs, grad));
        if (!packed.requiresGrad) return outputs;
        packed.SaveForBackward(inputs); // the recomputation reads them again
        var views = new Tensor[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
            views[i] = PackedOutputs.View(packed, offsets[i], (int[])outputs[i].Dims.Clone());
        return views;
    }

    static void Recompute(Func<Tensor[], Tensor[]> f, Tensor[] inputs, Tensor grad)
    {
        var copies = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) copies[i] = inputs[i].Detach().RequireGrad(inputs[i].requiresGrad);

        // Backward runs inside NoGrad; the recomputation must record, so grad mode is switched back on around it.
        int depth = noGradDepth;
        noGradDepth = 0;
        try
        {
            var outputs = f(copies);
            var joined = Concat(outputs.Select(o => o.Reshape(-1)).ToArray(), 0); // (Σ counts), the packed layout
            if (joined.requiresGrad) joined.Backward(grad.IsContiguous ? grad : grad.Contiguous());
        }
        finally { noGradDepth = depth; }

        for (int i = 0; i < inputs.Length; i++)
            if (copies[i].Grad is Tensor g) inputs[i].AccumulateGrad(g);
    }
}
