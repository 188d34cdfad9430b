namespace Recur.Nn;

/// <summary>
/// Measurements behind the vanishing-gradient argument (Hochreiter 1991; Bengio et al. 1994; Pascanu et al.
/// 2013): how strongly the loss at the end of a sequence still depends on each earlier step. In a recurrent net
/// ∂L/∂h_t = ∂L/∂h_T · ∏_{s=t+1}^{T} ∂h_s/∂h_{s−1}, so with Jacobian norms below 1 the norms shrink geometrically
/// as t moves away from the loss.
/// </summary>
public static class RecurrentDiagnostics
{
    /// <summary>
    /// ‖∂L/∂x_t‖ (Frobenius over the batch and features) for t = 0 … T−1, where L = <paramref name="loss"/>(x)
    /// is a scalar and <paramref name="input"/> is time-major (T, B, I). The input is not modified.
    /// </summary>
    public static float[] InputGradientNorms(Func<Tensor, Tensor> loss, Tensor input)
    {
        if (input.Rank != 3) throw new ArgumentException($"InputGradientNorms expects a time-major input (T, B, I), got {Tensor.ShapeString(input.Shape)}.");
        var x = input.Contiguous().Detach().RequireGrad();
        loss(x).Backward();
        return PerStepNorms(x.Grad ?? x.ZerosLike());
    }

    /// <summary>
    /// ‖∂L/∂h_t‖ for t = 0 … T−1: the total derivative of the loss with respect to each hidden state, through
    /// both the output at t and every later step. <paramref name="step"/> is run over <paramref name="input"/>
    /// (T, B, I) from <paramref name="initial"/> (for example <c>(x, s) =&gt; cell.Forward(x, s)</c>), and
    /// <paramref name="loss"/> maps the stacked hidden states (T, B, H) to a scalar.
    /// </summary>
    public static float[] StateGradientNorms(Func<Tensor, RecurrentState, RecurrentState> step, Tensor input, RecurrentState initial,
        Func<Tensor, Tensor> loss)
    {
        if (input.Rank != 3) throw new ArgumentException($"StateGradientNorms expects a time-major input (T, B, I), got {Tensor.ShapeString(input.Shape)}.");
        int T = input.Size(0);
        var states = new Tensor[T];
        var state = initial;
        for (int t = 0; t < T; t++)
        {
            state = step(input.Select(0, t), state);
            states[t] = state.H.RetainGrad();
        }
        var value = loss(Tensor.Stack(states, 0));
        if (!value.RequiresGrad) throw new InvalidOperationException("StateGradientNorms: the loss does not depend on any parameter or state that requires a gradient.");
        value.Backward();
        var norms = new float[T];
        for (int t = 0; t < T; t++) norms[t] = Norm(states[t].Grad);
        return norms;
    }

    static float[] PerStepNorms(Tensor grad)
    {
        int T = grad.Size(0);
        var norms = new float[T];
        for (int t = 0; t < T; t++) norms[t] = Norm(grad.Select(0, t));
        return norms;
    }

    static float Norm(Tensor? g)
    {
        if (g is null) return 0f;
        double sum = 0;
        foreach (var v in g.ToArray()) sum += (double)v * v;
        return (float)Math.Sqrt(sum);
    }
}
