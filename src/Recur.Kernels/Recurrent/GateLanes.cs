using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels.Recurrent;

/// <summary>
/// A vector of gate lanes, so that each gate kernel's loop is written once and compiled for 16 lanes where 512-bit
/// vectors run in hardware (half the instructions of 8 for the exps, the divides and the loads) and for 8 elsewhere.
/// Every op does the same float arithmetic per lane at both widths, so a result does not depend on which one ran.
/// </summary>
internal interface IGateLanes<TSelf> where TSelf : struct, IGateLanes<TSelf>
{
    /// <summary>False where this width runs in software: the kernels then take their scalar loop.</summary>
    static abstract bool IsAccelerated { get; }

    static abstract int Count { get; }

    static abstract TSelf One { get; }

    static abstract TSelf Load(ReadOnlySpan<float> source);

    void Store(Span<float> destination);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf Sigmoid(TSelf x);

    static abstract TSelf Tanh(TSelf x);

    static abstract TSelf Relu(TSelf x);

    /// <summary>value where <paramref name="y"/> &gt; 0, else 0: ReLU's gradient given its output.</summary>
    static abstract TSelf WherePositive(TSelf y, TSelf value);
}

internal readonly struct Lanes256(Vector256<float> v) : IGateLanes<Lanes256>
{
    readonly Vector256<float> v = v;

    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    public static int Count => Vector256<float>.Count;
    public static Lanes256 One => new(Vector256<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ReadOnlySpan<float> source) => new(Vector256.Create(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> destination) => v.CopyTo(destination);

    public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a.v + b.v);
    public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a.v - b.v);
    public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a.v * b.v);
    public static Lanes256 Sigmoid(Lanes256 x) => new(GateMath.Sigmoid(x.v));
    public static Lanes256 Tanh(Lanes256 x) => new(GateMath.Tanh(x.v));
    public static Lanes256 Relu(Lanes256 x) => new(Vector256.Max(x.v, Vector256<float>.Zero));
    public static Lanes256 WherePositive(Lanes256 y, Lanes256 value) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(y.v, Vector256<float>.Zero), value.v, Vector256<float>.Zero));
}

internal readonly struct Lanes512(Vector512<float> v) : IGateLanes<Lanes512>
{
    readonly Vector512<float> v = v;

    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static int Count => Vector512<float>.Count;
    public static Lanes512 One => new(Vector512<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ReadOnlySpan<float> source) => new(Vector512.Create(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> destination) => v.CopyTo(destination);

    public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a.v + b.v);
    public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a.v - b.v);
    public static Lanes512 operator *(Lanes512 a, Lanes512 b) => new(a.v * b.v);
    public static Lanes512 Sigmoid(Lanes512 x) => new(GateMath.Sigmoid(x.v));
    public static Lanes512 Tanh(Lanes512 x) => new(GateMath.Tanh(x.v));
    public static Lanes512 Relu(Lanes512 x) => new(Vector512.Max(x.v, Vector512<float>.Zero));
    public static Lanes512 WherePositive(Lanes512 y, Lanes512 value) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(y.v, Vector512<float>.Zero), value.v, Vector512<float>.Zero));
}
