using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recur.Kernels;

/// <summary>
/// Per-thread pack buffers, grown on demand and then reused by every call on that thread: pinned and 64-byte
/// aligned so kernels may use aligned loads, allocated once per thread rather than once per call.
/// </summary>
internal static unsafe class GemmBuffers
{
    [ThreadStatic] static float[]? packA, packB, scratch;

    public static float* A(int floats) => Aligned(ref packA, floats);

    public static float* B(int floats) => Aligned(ref packB, floats);

    /// <summary>Small scratch space, e.g. a gathered vector.</summary>
    public static float* Scratch(int floats) => Aligned(ref scratch, floats);

    static float* Aligned(ref float[]? buffer, int floats)
    {
        const int Pad = 16;
        if (buffer is null || buffer.Length < floats + Pad)
            buffer = GC.AllocateUninitializedArray<float>(floats + Pad, pinned: true);
        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((start + 63) & ~(nint)63);
    }
}
