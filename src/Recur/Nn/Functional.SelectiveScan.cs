using Recur.Kernels.SelectiveScan;

namespace Recur.Nn;

public static partial class Functional
{
    /// <summary>
    /// Mamba's selective scan (Gu &amp; Dao 2023, Algorithm 2; the formulas of <c>selective_scan_ref</c>), time-major:
    /// for every batch row and channel d, Δ_t = softplus(δ_t + bias_d) (softplus and bias optional),
    /// h_t = exp(Δ_t·A_d) ⊙ h_{t−1} + Δ_t·u_t·B_t over the N states, y_t = C_t·h_t + D_d·u_t, times SiLU(z_t) when a
    /// gate is given. Shapes: <paramref name="u"/> and <paramref name="delta"/> (T, B, D), <paramref name="a"/> (D, N),
    /// <paramref name="b"/> and <paramref name="c"/> (T, B, N), <paramref name="d"/> and <paramref name="deltaBias"/> (D),
    /// <paramref name="z"/> (T, B, D), <paramref name="initialState"/> (B, D, N; zeros when null). Mamba's reference
    /// takes (B, D, L) and (B, N, L); permute (2, 0, 1) to get these. Returns y (T, B, D) and the state after the last
    /// step (B, D, N), both differentiable; one fused node that never stores the (T, B, D, N) states.
    /// </summary>
    public static (Tensor Output, Tensor LastState) SelectiveScan(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
        Tensor? d = null, Tensor? z = null, Tensor? deltaBias = null, bool deltaSoftplus = false, Tensor? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(u); ArgumentNullException.ThrowIfNull(delta); ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        if (u.Rank != 3) throw new ArgumentException($"SelectiveScan expects u of shape (T, B, D), got {Tensor.ShapeString(u.Shape)}.", nameof(u));
        if (a.Rank != 2) throw new ArgumentException($"SelectiveScan expects A of shape (D, N), got {Tensor.ShapeString(a.Shape)}.", nameof(a));
        int t = u.Shape[0], batch = u.Shape[1], channels = u.Shape[2], states = a.Shape[1];
        RequireScanShape("delta", delta, t, batch, channels);
        RequireScanShape("A", a, channels, states);
        RequireScanShape("B", b, t, batch, states);
        RequireScanShape("C", c, t, batch, states);
        if (d is not null) RequireScanShape("D", d, channels);
        if (z is not null) RequireScanShape("z", z, t, batch, channels);
        if (deltaBias is not null) RequireScanShape("delta_bias", deltaBias, channels);
        if (initialState is not null) RequireScanShape("initial state", initialState, batch, channels, states);
        var problem = new SelectiveScanProblem(t, batch, channels, states, d is not null, z is not null, deltaBias is not null,
            deltaSoftplus, initialState is not null);
        Tensor[] inputs = [u, delta, a, b, c, .. new[] { d, z, deltaBias, initialState }.OfType<Tensor>()];
        var outputs = new Fused.SelectiveScan(problem).Apply(inputs);
        return (outputs[0], outputs[1]);
    }

    static void RequireScanShape(string name, Tensor tensor, params int[] shape)
    {
        if (!tensor.Shape.SequenceEqual(shape))
            throw new ArgumentException($"SelectiveScan: {name} must have shape {Tensor.ShapeString(shape)}, got {Tensor.ShapeString(tensor.Shape)}.", name);
    }
}
