namespace Recur.Kernels;

/// <summary>
/// Cache blocking for the five-loop GEMM: a kc×nc block of op(B) is packed once per (jc, pc) and shared by every
/// mc-row block of A; inside, a kc×NR micro-panel of B is reused by all mc/MR A micro-panels.
/// </summary>
/// <param name="Mc">Rows of A packed at once; mc×kc floats should sit in L2 next to the B micro-panel.</param>
/// <param name="Kc">Depth of one pass; a kc×NR B micro-panel should stay in L1 (or at worst stream from L2).</param>
/// <param name="Nc">Columns of B packed at once; kc×nc floats live in L2/L3.</param>
internal readonly record struct GemmBlocking(int Mc, int Kc, int Nc)
{
    /// <summary>Rounds Mc and Nc to whole micro-panels of an mr×nr kernel.</summary>
    public GemmBlocking Fit(int mr, int nr) =>
        new(Math.Max(mr, Mc / mr * mr), Math.Max(1, Kc), Math.Max(nr, Nc / nr * nr));
}
