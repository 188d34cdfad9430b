namespace Recur.Nn;

/// <summary>
/// The Mamba block (Gu &amp; Dao 2023, §3.4, Figure 3) with the defaults of mamba's <c>mamba_simple.Mamba</c>:
/// d_inner = expand·d_model, x and z = in_proj(u) split in two; x → depthwise causal conv (width d_conv) → SiLU;
/// (Δ_low, B, C) = x_proj(x), Δ = dt_proj.weight·Δ_low; y = selective scan(x, Δ, A = −exp(A_log), B, C, D, z, with
/// dt_proj.bias added to Δ before its softplus); out = out_proj(y). Time-major: input (T, B, d_model). Parameter
/// names are <c>mamba_simple</c>'s, so its <c>state_dict</c> loads by name.
/// <para>
/// Init as the reference: nn.Linear's U(±1/√in) for in_proj, x_proj and out_proj; dt_proj.weight U(±dt_rank^−½);
/// dt_proj.bias the inverse softplus of Δ₀ = exp(U(ln dt_min, ln dt_max)) floored at dt_init_floor, so that Δ starts
/// log-uniform in [dt_min, dt_max]; A_log = ln(1..N) for every channel (S4D-real); D = 1.
/// </para>
/// </summary>
public sealed class Mamba : Module
{
    public int ModelSize { get; }
    public int InnerSize { get; }
    public int StateSize { get; }
    public int ConvWidth { get; }
    public int DtRank { get; }

    internal Linear InProj { get; }
    internal DepthwiseCausalConv Conv { get; }
    internal Linear XProj { get; }
    internal Linear DtProj { get; }
    public Tensor ALog { get; }
    public Tensor D { get; }
    internal Linear OutProj { get; }

    /// <param name="modelSize">d_model, the width in and out.</param>
    /// <param name="stateSize">d_state N, states per channel.</param>
    /// <param name="convWidth">d_conv, the causal convolution's width.</param>
    /// <param name="expand">d_inner / d_model.</param>
    /// <param name="dtRank">The rank of Δ's projection; ⌈d_model / 16⌉ when null.</param>
    public Mamba(int modelSize, int stateSize = 16, int convWidth = 4, int expand = 2, int? dtRank = null,
        float dtMin = 0.001f, float dtMax = 0.1f, float dtInitFloor = 1e-4f, Generator? generator = null)
    {
        if (modelSize < 1 || stateSize < 1 || convWidth < 1 || expand < 1)
            throw new ArgumentOutOfRangeException(nameof(modelSize), $"Mamba needs positive sizes; got d_model {modelSize}, d_state {stateSize}, d_conv {convWidth}, expand {expand}.");
        if (dtMin <= 0 || dtMax < dtMin) throw new ArgumentOutOfRangeException(nameof(dtMin), $"Mamba needs 0 < dt_min ≤ dt_max; got {dtMin}, {dtMax}.");
        var g = generator ?? Generator.Default;
        ModelSize = modelSize; StateSize = stateSize; ConvWidth = convWidth;
        InnerSize = expand * modelSize;
        DtRank = dtRank ?? (modelSize + 15) / 16;
        if (DtRank < 1) throw new ArgumentOutOfRangeException(nameof(dtRank), DtRank, "Mamba's dt_rank must be positive.");
        ALog = RegisterParameter("A_log", Tensor.Zeros(InnerSize, stateSize));
        var aLog = ALog.AsSpan();
        for (int i = 0; i < aLog.Length; i++) aLog[i] = MathF.Log(i % stateSize + 1);
        D = RegisterParameter("D", Tensor.Ones(InnerSize));
        InProj = RegisterModule("in_proj", new Linear(modelSize, 2 * InnerSize, bias: false, generator: g));
        Conv = RegisterModule("conv1d", new DepthwiseCausalConv(InnerSize, convWidth, g));
        XProj = RegisterModule("x_proj", new Linear(InnerSize, DtRank + 2 * stateSize, bias: false, generator: g));
        DtProj = RegisterModule("dt_proj", new Linear(DtRank, InnerSize, bias: true, generator: g));
        float std = 1f / MathF.Sqrt(DtRank);
        Init.Uniform(DtProj.Weight, -std, std, g);
        var bias = DtProj.Bias!.AsSpan();
        for (int i = 0; i < bias.Length; i++)
        {
            double dt = Math.Max(Math.Exp(Math.Log(dtMin) + g.NextDouble() * (Math.Log(dtMax) - Math.Log(dtMin))), dtInitFloor);
            bias[i] = (float)(dt + Math.Log(1 - Math.Exp(-dt)));   // softplus⁻¹(dt) = dt + ln(1 − e^−dt)
        }
        OutProj = RegisterModule("out_proj", new Linear(InnerSize, modelSize, bias: false, generator: g));
    }

    /// <summary>
    /// Runs over <paramref name="input"/> (T, B, d_model) from the carried states (zeros when null): the conv
    /// state (B, d_inner, d_conv − 1), the last inputs to the convolution, oldest first, and the SSM state
    /// (B, d_inner, d_state). Returns the output (T, B, d_model) and both states after the last step.
    /// </summary>
    public (Tensor Output, Tensor ConvState, Tensor SsmState) Forward(Tensor input, Tensor? convState = null, Tensor? ssmState = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != ModelSize)
            throw new ArgumentException($"Mamba expects input (T, B, {ModelSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        int batch = input.Shape[1];
        if (convState is not null && !convState.Shape.SequenceEqual([batch, InnerSize, ConvWidth - 1]))
            throw new ArgumentException($"Mamba: conv state must be {Tensor.ShapeString([batch, InnerSize, ConvWidth - 1])}, got {Tensor.ShapeString(convState.Shape)}.", nameof(convState));
        var xz = InProj.Forward(input);                                            // (T, B, 2·d_inner)
        var x = xz.Narrow(2, 0, InnerSize);
        var z = xz.Narrow(2, InnerSize, InnerSize);
        var (conv, history) = Conv.Forward(x, convState?.Permute(2, 0, 1));        // (T, B, d_inner), (K − 1, B, d_inner)
        x = conv * conv.Sigmoid();
        var xdbl = XProj.Forward(x);                                               // (T, B, dt_rank + 2N)
        var dt = xdbl.Narrow(2, 0, DtRank).MatMul(DtProj.Weight.Transpose(0, 1));  // (T, B, d_inner)
        var b = xdbl.Narrow(2, DtRank, StateSize);
        var c = xdbl.Narrow(2, DtRank + StateSize, StateSize);
        var (y, last) = Functional.SelectiveScan(x, dt, -ALog.Exp(), b, c, D, z, DtProj.Bias, deltaSoftplus: true, initialState: ssmState);
        return (OutProj.Forward(y), history.Permute(1, 2, 0).Contiguous(), last);
    }
}
