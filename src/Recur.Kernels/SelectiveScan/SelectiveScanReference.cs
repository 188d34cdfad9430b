namespace Recur.Kernels.SelectiveScan;

/// <summary>
/// The selective scan written plainly, one channel at a time in double precision, keeping every state: the check
/// for <see cref="SelectiveScanKernel"/>. Per batch row b and channel d, Δ_t = softplus(δ_t + bias) (or without
/// either), h_t = exp(Δ_t·A_d) ⊙ h_{t−1} + Δ_t·u_t·B_t, y_t = C_t·h_t + D_d·u_t, times SiLU(z_t) when gated
/// (Gu &amp; Dao 2023, eq. 2a–2b with the zero-order-hold Ā and the simplified B̄ = Δ·B of their reference).
/// Backward runs the same recursion in reverse: ∂L/∂h_t = C_t·∂L/∂y_t + exp(Δ_{t+1}A)·∂L/∂h_{t+1}.
/// </summary>
public static class SelectiveScanReference
{
    /// <summary>Writes y (T, B, D) and the last state (B, D, N).</summary>
    public static void Forward(SelectiveScanProblem p, SelectiveScanInputs x, Span<float> y, Span<float> lastState)
    {
        x.Check(p);
        int T = p.Time, B = p.Batch, D = p.Channels, N = p.States;
        var h = new double[N];
        for (int b = 0; b < B; b++)
            for (int d = 0; d < D; d++)
            {
                for (int n = 0; n < N; n++) h[n] = p.HasInitialState ? x.InitialState[(b * D + d) * N + n] : 0;
                for (int t = 0; t < T; t++)
                {
                    int i = (t * B + b) * D + d, bn = (t * B + b) * N;
                    double dt = Step(p, x, i, d), u = x.U[i], acc = 0;
                    for (int n = 0; n < N; n++)
                    {
                        h[n] = Math.Exp(dt * x.A[d * N + n]) * h[n] + dt * u * x.B[bn + n];
                        acc += x.C[bn + n] * h[n];
                    }
                    if (p.HasSkip) acc += x.Skip[d] * u;
                    if (p.HasGate) acc *= Silu(x.Gate[i]);
                    y[i] = (float)acc;
                }
                for (int n = 0; n < N; n++) lastState[(b * D + d) * N + n] = (float)h[n];
            }
    }

    /// <summary>Adds the gradients of L into <paramref name="g"/> given ∂L/∂y and ∂L/∂(last state).</summary>
    public static void Backward(SelectiveScanProblem p, SelectiveScanInputs x, ReadOnlySpan<float> dy, ReadOnlySpan<float> dLastState,
        SelectiveScanGradients g)
    {
        x.Check(p);
        g.Check(p);
        int T = p.Time, B = p.Batch, D = p.Channels, N = p.States;
        var hs = new double[(T + 1) * N];
        var dh = new double[N];
        for (int b = 0; b < B; b++)
            for (int d = 0; d < D; d++)
            {
                for (int n = 0; n < N; n++) hs[n] = p.HasInitialState ? x.InitialState[(b * D + d) * N + n] : 0;
                for (int t = 0; t < T; t++)
                {
                    int i = (t * B + b) * D + d, bn = (t * B + b) * N;
                    double dt = Step(p, x, i, d);
                    for (int n = 0; n < N; n++)
                        hs[(t + 1) * N + n] = Math.Exp(dt * x.A[d * N + n]) * hs[t * N + n] + dt * x.U[i] * x.B[bn + n];
                }
                for (int n = 0; n < N; n++) dh[n] = dLastState.IsEmpty ? 0 : dLastState[(b * D + d) * N + n];
                for (int t = T - 1; t >= 0; t--)
                {
                    int i = (t * B + b) * D + d, bn = (t * B + b) * N;
                    double dt = Step(p, x, i, d), u = x.U[i], gy = dy[i];
                    if (p.HasGate)
                    {
                        double pre = p.HasSkip ? x.Skip[d] * u : 0;
                        for (int n = 0; n < N; n++) pre += x.C[bn + n] * hs[(t + 1) * N + n];
                        double z = x.Gate[i], s = 1 / (1 + Math.Exp(-z));
                        if (!g.Gate.IsEmpty) g.Gate[i] += (float)(gy * pre * s * (1 + z * (1 - s)));
                        gy *= z * s;
                    }
                    double du = p.HasSkip ? gy * x.Skip[d] : 0, ddt = 0;
                    if (p.HasSkip && !g.Skip.IsEmpty) g.Skip[d] += (float)(gy * u);
                    for (int n = 0; n < N; n++)
                    {
                        double a = Math.Exp(dt * x.A[d * N + n]), bv = x.B[bn + n];
                        dh[n] += gy * x.C[bn + n];
                        if (!g.C.IsEmpty) g.C[bn + n] += (float)(gy * hs[(t + 1) * N + n]);
                        double da = dh[n] * hs[t * N + n] * a;   // ∂L/∂(Δ·A)
                        if (!g.A.IsEmpty) g.A[d * N + n] += (float)(da * dt);
                        ddt += da * x.A[d * N + n] + dh[n] * bv * u;
                        if (!g.B.IsEmpty) g.B[bn + n] += (float)(dh[n] * dt * u);
                        du += dh[n] * dt * bv;
                        dh[n] *= a;
                    }
                    if (!g.U.IsEmpty) g.U[i] += (float)du;
                    double dRaw = ddt * StepSlope(p, x, i, d);
                    if (!g.Delta.IsEmpty) g.Delta[i] += (float)dRaw;
                    if (p.HasDeltaBias && !g.DeltaBias.IsEmpty) g.DeltaBias[d] += (float)dRaw;
                }
                if (!g.InitialState.IsEmpty)
                    for (int n = 0; n < N; n++) g.InitialState[(b * D + d) * N + n] += (float)dh[n];
            }
    }

    static double Raw(SelectiveScanProblem p, SelectiveScanInputs x, int i, int d) =>
        x.Delta[i] + (p.HasDeltaBias ? x.DeltaBias[d] : 0);

    // torch.nn.functional.softplus with its threshold 20: the identity above it.
    static double Step(SelectiveScanProblem p, SelectiveScanInputs x, int i, int d)
    {
        double r = Raw(p, x, i, d);
        return !p.DeltaSoftplus || r > 20 ? r : Math.Log(1 + Math.Exp(r));
    }

    static double StepSlope(SelectiveScanProblem p, SelectiveScanInputs x, int i, int d)
    {
        double r = Raw(p, x, i, d);
        return !p.DeltaSoftplus || r > 20 ? 1 : 1 / (1 + Math.Exp(-r));
    }

    static double Silu(double z) => z / (1 + Math.Exp(-z));
}
