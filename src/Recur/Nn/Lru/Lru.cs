namespace Recur.Nn;

/// <summary>
/// The Linear Recurrent Unit (Orvieto et al. 2023, "Resurrecting Recurrent Neural Networks for Long Sequences"):
/// a complex diagonal recurrence h_t = λ ⊙ h_{t−1} + γ ⊙ (B x_t), y_t = Re(C h_t) + D ⊙ x_t over x (T, B, H) with N
/// complex states, run as one <see cref="Functional.ComplexLinearScan"/>. λ = exp(−exp(ν_log) + i·exp(θ_log)) is
/// stable for any parameters (|λ| &lt; 1); its ring initialisation draws |λ|² uniformly in [r_min², r_max²] and the
/// phase uniformly in [0, max_phase] (§3.3; the appendix's defaults r_min = 0, r_max = 1, max_phase = 6.28); γ is
/// initialised to √(1 − |λ|²), which keeps the state's variance that of the input (§3.4), and trained as γ_log.
/// B and C are complex, N(0, 1/(2H)) and N(0, 1/N) per part. Parameters <c>nu_log</c>, <c>theta_log</c>, <c>gamma_log</c>
/// (N), <c>B_re</c>, <c>B_im</c> (N, H), <c>C_re</c>, <c>C_im</c> (H, N), <c>D</c> (H), as the paper's code names them.
/// </summary>
public sealed class Lru : Module
{
    public Lru(int hiddenSize, int stateSize, float rMin = 0f, float rMax = 1f, float maxPhase = 2 * MathF.PI, Generator? generator = null)
    {
        if (hiddenSize < 1 || stateSize < 1) throw new ArgumentOutOfRangeException(nameof(stateSize), $"Lru: hidden and state sizes must be positive, got {hiddenSize} and {stateSize}.");
        if (!(rMin >= 0f && rMin < rMax && rMax <= 1f)) throw new ArgumentOutOfRangeException(nameof(rMin), $"Lru: the ring needs 0 ≤ r_min < r_max ≤ 1, got [{rMin}, {rMax}].");
        if (!(maxPhase > 0f)) throw new ArgumentOutOfRangeException(nameof(maxPhase), maxPhase, "Lru: max_phase must be positive.");
        var g = generator ?? Generator.Default;
        HiddenSize = hiddenSize; StateSize = stateSize;
        NuLog = RegisterParameter("nu_log", Tensor.Zeros(stateSize));
        ThetaLog = RegisterParameter("theta_log", Tensor.Zeros(stateSize));
        GammaLog = RegisterParameter("gamma_log", Tensor.Zeros(stateSize));
        Span<float> nu = NuLog.AsSpan(), theta = ThetaLog.AsSpan(), gamma = GammaLog.AsSpan();
        for (int i = 0; i < stateSize; i++)
        {
            // |λ|² = u1·(r_max² − r_min²) + r_min², so ν = −½ log |λ|²; u is kept off 0 so the logs stay finite.
            double u1 = Math.Max(g.NextFloat(), 1e-7), u2 = Math.Max(g.NextFloat(), 1e-7);
            double modSquared = u1 * (rMax * rMax - rMin * rMin) + rMin * rMin;
            nu[i] = (float)Math.Log(-0.5 * Math.Log(modSquared));
            theta[i] = (float)Math.Log(maxPhase * u2);
            gamma[i] = (float)(0.5 * Math.Log(1 - modSquared));
        }
        BRe = RegisterParameter("B_re", Tensor.Normal(g, 0f, 1f / MathF.Sqrt(2 * hiddenSize), stateSize, hiddenSize));
        BIm = RegisterParameter("B_im", Tensor.Normal(g, 0f, 1f / MathF.Sqrt(2 * hiddenSize), stateSize, hiddenSize));
        CRe = RegisterParameter("C_re", Tensor.Normal(g, 0f, 1f / MathF.Sqrt(stateSize), hiddenSize, stateSize));
        CIm = RegisterParameter("C_im", Tensor.Normal(g, 0f, 1f / MathF.Sqrt(stateSize), hiddenSize, stateSize));
        D = RegisterParameter("D", Tensor.Normal(g, 0f, 1f, hiddenSize));
    }

    public int HiddenSize { get; }

    /// <summary>N, the number of complex states.</summary>
    public int StateSize { get; }

    public Tensor NuLog { get; }
    public Tensor ThetaLog { get; }
    public Tensor GammaLog { get; }
    public Tensor BRe { get; }
    public Tensor BIm { get; }
    public Tensor CRe { get; }
    public Tensor CIm { get; }
    public Tensor D { get; }

    /// <summary>(Re λ, Im λ), each (N).</summary>
    public (Tensor Real, Tensor Imaginary) Lambda()
    {
        var l = new Fused.LruLambda().Apply(NuLog, ThetaLog);
        return (l[0], l[1]);
    }

    /// <summary>
    /// y (T, B, H) for x (T, B, H) from <paramref name="h0"/> (B, 2N) — Re h then Im h — or zero; also returns the
    /// last state (B, 2N).
    /// </summary>
    public (Tensor Output, Tensor State) Forward(Tensor x, Tensor? h0 = null)
    {
        if (x.Rank != 3 || x.Shape[2] != HiddenSize) throw new ArgumentException($"Lru reads (T, B, {HiddenSize}), got {Tensor.ShapeString(x.Shape)}.", nameof(x));
        int steps = x.Shape[0], batch = x.Shape[1], n = StateSize;
        var (lRe, lIm) = Lambda();
        var gamma = GammaLog.Exp();
        var bRe = x.MatMul(BRe.Transpose(0, 1)) * gamma; // (T, B, N)
        var bIm = x.MatMul(BIm.Transpose(0, 1)) * gamma;
        var (hRe, hIm) = Functional.ComplexLinearScan(lRe.Expand(steps, batch, n), lIm.Expand(steps, batch, n), bRe, bIm,
            h0?.Narrow(1, 0, n), h0?.Narrow(1, n, n));
        var y = hRe.MatMul(CRe.Transpose(0, 1)) - hIm.MatMul(CIm.Transpose(0, 1)) + x * D;
        return (y, Tensor.Concat([hRe.Select(0, steps - 1), hIm.Select(0, steps - 1)], 1));
    }
}
