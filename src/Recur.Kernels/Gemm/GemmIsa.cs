using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

/// <summary>Instruction set a GEMM call runs on; tests force each one on any machine that has it.</summary>
internal enum GemmIsa
{
    Scalar,
    Avx2,
    Avx512,
}

internal static class GemmIsaSupport
{
    /// <summary>The widest instruction set this machine accelerates.</summary>
    public static GemmIsa Best { get; } =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmIsa.Avx2
        : GemmIsa.Scalar;

    public static bool IsSupported(GemmIsa isa) => isa switch
    {
        GemmIsa.Avx512 => Best == GemmIsa.Avx512,
        GemmIsa.Avx2 => Best >= GemmIsa.Avx2,
        _ => true,
    };
}
