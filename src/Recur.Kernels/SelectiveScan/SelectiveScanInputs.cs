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
        ReadOnlySpan<int> actual = [U.Length, Delta.Length, A.Length, B.Length, C.Length, Skip.Length, Gate.Length, DeltaBias.Length, InitialState.Length];
        Span<long> expected = stackalloc long[Names.Length];
        Lengths(p, expected);
        for (int i = 0; i < actual.Length; i++) Expect(Names[i], actual[i], expected[i]);
    }

    /// <summary>The operands' names, in the order of <see cref="Lengths"/>.</summary>
    internal static readonly string[] Names = ["u", "delta", "A", "B", "C", "D", "z", "delta_bias", "initial state"];

    /// <summary>Writes each operand's length for <paramref name="p"/> (0 for one the problem does not use) into <paramref name="lengths"/>, in the order of <see cref="Names"/>.</summary>
    internal static void Lengths(SelectiveScanProblem p, Span<long> lengths)
    {
        long tbd = (long)p.Time * p.Batch * p.Channels, tbn = (long)p.Time * p.Batch * p.States;
        ReadOnlySpan<long> all = [tbd, tbd, (long)p.Channels * p.States, tbn, tbn, p.HasSkip ? p.Channels : 0, p.HasGate ? tbd : 0,
            p.HasDeltaBias ? p.Channels : 0, p.HasInitialState ? (long)p.Batch * p.Channels * p.States : 0];
        all.CopyTo(lengths);
    }

    internal static void Expect(string name, int actual, long expected, string prefix = "")
    {
        if (actual != expected) throw new ArgumentException($"SelectiveScan: {prefix}{name} has {actual} elements, expected {expected}.");
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
        ReadOnlySpan<int> actual = [U.Length, Delta.Length, A.Length, B.Length, C.Length, Skip.Length, Gate.Length, DeltaBias.Length, InitialState.Length];
        Span<long> expected = stackalloc long[SelectiveScanInputs.Names.Length];
        SelectiveScanInputs.Lengths(p, expected);
        for (int i = 0; i < actual.Length; i++)
            if (actual[i] != 0) SelectiveScanInputs.Expect(SelectiveScanInputs.Names[i], actual[i], expected[i], prefix: "d");
    }
}
