using Recur.Kernels;

namespace Recur.Nn;

/// <summary>The linear-recurrence scans (issue #15): real, complex and log-space, each one fused node.</summary>
public static partial class Functional
{
    /// <summary>
    /// h_t = a_t ⊙ h_{t−1} + b_t for a, b (T, B, D), from <paramref name="h0"/> (B, D) or zero; returns h (T, B, D).
    /// One fused node whose backward is the reverse scan. <see cref="ScanMethod.Auto"/> runs the sequential scan
    /// (vectorised and split across the B·D channels) unless the channels are too few to give every thread a block
    /// of 64 while 4 or more threads are allowed and T ≥ 256: then the time-chunked scan (one chunk per thread),
    /// whose passes do about three times the sequential scan's arithmetic, so it cannot win below about 3 threads: the
    /// <c>scan</c> benchmark on 2 threads (B·D = 1024, T 256–8192) has it at 0.3–0.6× the sequential scan. The
    /// threshold of 4 follows from that factor; it was not measured on more cores.
    /// </summary>
    public static Tensor LinearScan(Tensor a, Tensor b, Tensor? h0 = null, ScanMethod method = ScanMethod.Auto, int chunk = 0)
    {
        CheckScan("LinearScan", a, b, h0, "a", "b", "h0");
        if (chunk < 0) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "LinearScan: the chunk length must be positive (or 0 for one chunk per thread).");
        int steps = a.Shape[0], channels = a.Shape[1] * a.Shape[2], threads = Parallelism.MaxThreads;
        bool chunked = method == ScanMethod.Chunked
            || (method == ScanMethod.Auto && threads >= 4 && channels < 64 * threads && steps >= 256);
        if (chunked && chunk <= 0) chunk = Math.Max(1, (steps + threads - 1) / threads);
        return new Fused.LinearScan(chunked ? chunk : 0).Apply(h0 is null ? [a, b] : [a, b, h0])[0];
    }

    /// <summary>
    /// The complex recurrence h_t = a_t ⊙ h_{t−1} + b_t with every complex tensor given as its real and imaginary
    /// parts, each (T, B, D) ((B, D) for h0, both or neither); returns (Re h, Im h). One fused node, sequential in time.
    /// </summary>
    public static (Tensor Real, Tensor Imaginary) ComplexLinearScan(Tensor aRe, Tensor aIm, Tensor bRe, Tensor bIm, Tensor? h0Re = null, Tensor? h0Im = null)
    {
        CheckScan("ComplexLinearScan", aRe, bRe, h0Re, "aRe", "bRe", "h0Re");
        CheckScan("ComplexLinearScan", aIm, bIm, h0Im, "aIm", "bIm", "h0Im");
        if (!aRe.Shape.SequenceEqual(aIm.Shape))
            throw new ArgumentException($"ComplexLinearScan: aRe {Tensor.ShapeString(aRe.Shape)} and aIm {Tensor.ShapeString(aIm.Shape)} must have the same shape.");
        if ((h0Re is null) != (h0Im is null)) throw new ArgumentException("ComplexLinearScan: give both h0Re and h0Im, or neither.");
        var h = new Fused.ComplexLinearScan().Apply(h0Re is null ? [aRe, aIm, bRe, bIm] : [aRe, aIm, bRe, bIm, h0Re, h0Im!]);
        return (h[0], h[1]);
    }

    /// <summary>
    /// log h for h_t = a_t ⊙ h_{t−1} + b_t with positive a and b, given and returned in log space (Heinsen 2023):
    /// logA, logB (T, B, D), <paramref name="logH0"/> (B, D) or h0 = 0; log b must be finite. Stable where a and b
    /// span many orders of magnitude (gates near 0 or 1). One fused node, sequential in time.
    /// </summary>
    public static Tensor LogLinearScan(Tensor logA, Tensor logB, Tensor? logH0 = null)
    {
        CheckScan("LogLinearScan", logA, logB, logH0, "logA", "logB", "logH0");
        return new Fused.LogLinearScan().Apply(logH0 is null ? [logA, logB] : [logA, logB, logH0])[0];
    }

    static void CheckScan(string op, Tensor a, Tensor b, Tensor? h0, string aName, string bName, string h0Name)
    {
        ArgumentNullException.ThrowIfNull(a, aName); ArgumentNullException.ThrowIfNull(b, bName);
        if (a.Rank != 3) throw new ArgumentException($"{op}: {aName} must have shape (T, B, D), got {Tensor.ShapeString(a.Shape)}.", aName);
        if (!a.Shape.SequenceEqual(b.Shape))
            throw new ArgumentException($"{op}: {bName} {Tensor.ShapeString(b.Shape)} must have the shape of {aName} {Tensor.ShapeString(a.Shape)}.", bName);
        if (h0 is not null && (h0.Rank != 2 || h0.Shape[0] != a.Shape[1] || h0.Shape[1] != a.Shape[2]))
            throw new ArgumentException($"{op}: {h0Name} must have shape ({a.Shape[1]}, {a.Shape[2]}), got {Tensor.ShapeString(h0.Shape)}.", h0Name);
    }
}
