namespace Recur.Kernels.SelectiveScan;

/// <summary>
/// The operands of a selective scan, time-major and row-major: u and delta (T, B, D), A (D, N), B and C (T, B, N),
/// the skip D (D), the gate z (T, B, D), the delta bias (D) and the initial state (B, D, N). An optional operand
/// the problem does not use is an empty span.
/// </summary>
public readonly ref struct SelectiveScanInputs
{
    public ReadOnlySpan<float> U { get; init; }
    public ReadOnlySpan<float> Delta { get; init; }
    public ReadOnlySpan<float> A { get; init; }
    public ReadOnlySpan<float> B { get; init; }
    public ReadOnlySpan<float> C { get; init; }
    public ReadOnlySpan<float> Skip { get; init; }
    public ReadOnlySpan<float> Gate { get; init; }
    public ReadOnlySpan<float> DeltaBias { get; init; }
    public ReadOnlySpan<float> InitialState { get; init; }

    /// <summary>Throws unless every operand has the length <paramref name="p"/> gives it.</summary>
    public void Check(SelectiveScanProblem p)
    {
        p.Validate();
        long tbd = (long)p.Time * p.Batch * p.Channels, tbn = (long)p.Time * p.Batch * p.States;
        Expect("u", U.Length, tbd);
        Expect("delta", Delta.Length, tbd);
        Expect("A", A.Length, (long)p.Channels * p.States);
        Expect("B", B.Length, tbn);
        Expect("C", C.Length, tbn);
        Expect("D", Skip.Length, p.HasSkip ? p.Channels : 0);
        Expect("z", Gate.Length, p.HasGate ? tbd : 0);
        Expect("delta_bias", DeltaBias.Length, p.HasDeltaBias ? p.Channels : 0);
        Expect("initial state", InitialState.Length, p.HasInitialState ? (long)p.Batch * p.Channels * p.States : 0);
    }

    internal static void Expect(string name, int actual, long expected)
    {
        if (actual != expected) throw new ArgumentException($"SelectiveScan: {name} has {actual} elements, expected {expected}.");
    }
}

/// <summary>
/// Where the selective scan's backward adds ∂L/∂operand, each the shape of its operand in
/// <see cref="SelectiveScanInputs"/>; an empty span is a gradient nobody needs.
/// </summary>
public readonly ref struct SelectiveScanGradients
{
    public Span<float> U { get; init; }
    public Span<float> Delta { get; init; }
    public Span<float> A { get; init; }
    public Span<float> B { get; init; }
    public Span<float> C { get; init; }
    public Span<float> Skip { get; init; }
    public Span<float> Gate { get; init; }
    public Span<float> DeltaBias { get; init; }
    public Span<float> InitialState { get; init; }

    /// <summary>Throws unless every non-empty gradient has its operand's length.</summary>
    public void Check(SelectiveScanProblem p)
    {
        long tbd = (long)p.Time * p.Batch * p.Channels, tbn = (long)p.Time * p.Batch * p.States;
        Optional("du", U.Length, tbd);
        Optional("ddelta", Delta.Length, tbd);
        Optional("dA", A.Length, (long)p.Channels * p.States);
        Optional("dB", B.Length, tbn);
        Optional("dC", C.Length, tbn);
        Optional("dD", Skip.Length, p.HasSkip ? p.Channels : 0);
        Optional("dz", Gate.Length, p.HasGate ? tbd : 0);
        Optional("ddelta_bias", DeltaBias.Length, p.HasDeltaBias ? p.Channels : 0);
        Optional("dinitial state", InitialState.Length, p.HasInitialState ? (long)p.Batch * p.Channels * p.States : 0);
    }

    static void Optional(string name, int actual, long expected)
    {
        if (actual != 0) SelectiveScanInputs.Expect(name, actual, expected);
    }
}
