using System.Globalization;
using System.Text;
using Recur.Kernels;

namespace Recur;

/// <summary>
/// A float32 n-dimensional array with shape and strides over a shared storage buffer, and the node of the
/// define-by-run autograd graph that produced it. Views (reshape, transpose, narrow, select, expand) share storage.
/// </summary>
public sealed partial class Tensor
{
    internal readonly float[] Storage;
    internal readonly int Offset;
    internal readonly int[] Dims;
    internal readonly int[] Strides;

    internal Tensor(float[] storage, int offset, int[] dims, int[] strides)
    {
        Storage = storage; Offset = offset; Dims = dims; Strides = strides;
    }

    internal Tensor(float[] storage, int[] dims) : this(storage, 0, dims, ContiguousStrides(dims)) { }

    /// <summary>A view of <paramref name="source"/>'s storage; it shares the storage's version counter.</summary>
    internal Tensor(Tensor source, int offset, int[] dims, int[] strides) : this(source.Storage, offset, dims, strides)
    {
        root = source.root ?? source;
    }

    /// <summary>The size of each dimension.</summary>
    public ReadOnlySpan<int> Shape => Dims;

    public int Rank => Dims.Length;

    /// <summary>Number of elements (the product of the shape).</summary>
    public int Count => ShapeSize(Dims);

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end, as in PyTorch.</summary>
    public int Size(int dim) => Dims[NormalizeDim(dim, Rank)];

    public bool IsContiguous
    {
        get
        {
            int expected = 1;
            for (int d = Rank - 1; d >= 0; d--)
            {
                if (Dims[d] != 1 && Strides[d] != expected) return false;
                expected *= Dims[d];
            }
            return true;
        }
    }

    /// <summary>The elements in row-major order, without a copy. Only for contiguous tensors.</summary>
    public Span<float> AsSpan()
    {
        if (!IsContiguous) throw new InvalidOperationException("AsSpan needs a contiguous tensor; call Contiguous() first.");
        return Storage.AsSpan(Offset, Count);
    }

    /// <summary>A copy of the elements in row-major order.</summary>
    public float[] ToArray()
    {
        if (IsContiguous) return AsSpan().ToArray();
        var result = new float[Count];
        CopyStridedTo(result);
        return result;
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Count != 1) throw new InvalidOperationException($"Item() needs a tensor with one element, not shape {ShapeString(Dims)}.");
        return Storage[Offset];
    }

    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get => Storage[ElementOffset(index)];
        set { Storage[ElementOffset(index)] = value; MarkModified(); }
    }

    int ElementOffset(int[] index)
    {
        if (index.Length != Rank) throw new ArgumentException($"Expected {Rank} indices for shape {ShapeString(Dims)}, got {index.Length}.");
        int offset = Offset;
        for (int d = 0; d < Rank; d++)
        {
            int i = index[d] < 0 ? index[d] + Dims[d] : index[d];
            if ((uint)i >= (uint)Dims[d]) throw new IndexOutOfRangeException($"Index {index[d]} is out of range for dimension {d} of size {Dims[d]}.");
            offset += i * Strides[d];
        }
        return offset;
    }

    /// <summary>Copies the elements in row-major order into <paramref name="destination"/>, whatever the strides.</summary>
    internal void CopyStridedTo(Span<float> destination)
    {
        if (IsContiguous) Storage.AsSpan(Offset, Count).CopyTo(destination);
        else StridedCopy.Gather(Storage, Offset, Dims, Strides, destination);
    }

    // ---- construction ----

    public static Tensor Zeros(params int[] shape) => new(new float[CheckedSize(shape)], (int[])shape.Clone());

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[CheckedSize(shape)];
        data.AsSpan().Fill(value);
        return new Tensor(data, (int[])shape.Clone());
    }

    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A tensor holding a copy of <paramref name="data"/> in the given shape (one-dimensional when none is given).</summary>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        if (shape.Length == 0) shape = [data.Length];
        if (data.Length != CheckedSize(shape))
            throw new ArgumentException($"{data.Length} values do not fill shape {ShapeString(shape)} ({ShapeSize(shape)} elements).");
        return new Tensor(data.ToArray(), (int[])shape.Clone());
    }

    /// <summary>0, 1, …, n−1 as floats.</summary>
    public static Tensor Arange(int n)
    {
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return new Tensor(data, [n]);
    }

    /// <summary>Uniform samples in [low, high).</summary>
    public static Tensor Uniform(Generator generator, float low, float high, params int[] shape)
    {
        var data = new float[CheckedSize(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = low + (high - low) * generator.NextFloat();
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(Generator generator, params int[] shape) => Uniform(generator, 0f, 1f, shape);

    /// <summary>Normal samples with the given mean and standard deviation.</summary>
    public static Tensor Normal(Generator generator, float mean, float std, params int[] shape)
    {
        var data = new float[CheckedSize(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = mean + std * (float)generator.NextNormal();
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor Randn(Generator generator, params int[] shape) => Normal(generator, 0f, 1f, shape);

    /// <summary>A new tensor of the same shape, filled with zeros.</summary>
    public Tensor ZerosLike() => new(new float[Count], (int[])Dims.Clone());

    /// <summary>
    /// A buffer for an op to overwrite completely: not zeroed first (for small tensors a large part of an op's cost),
    /// and a recycled gradient buffer when one of that length is free.
    /// </summary>
    internal static float[] Uninitialized(int count) => GradientBufferPool.Current.Rent(count);

    // ---- shape arithmetic shared by every op ----

    internal static int[] ContiguousStrides(ReadOnlySpan<int> dims)
    {
        var strides = new int[dims.Length];
        int s = 1;
        for (int d = dims.Length - 1; d >= 0; d--) { strides[d] = s; s *= dims[d]; }
        return strides;
    }

    internal static int ShapeSize(ReadOnlySpan<int> dims)
    {
        int n = 1;
        foreach (int d in dims) n *= d;
        return n;
    }

    static int CheckedSize(int[] shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Shape {ShapeString(shape)} has a negative dimension.");
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"Shape {ShapeString(shape)} has too many elements.");
        }
        return (int)n;
    }

    internal static int NormalizeDim(int dim, int rank)
    {
        int d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)Math.Max(rank, 1) && !(rank == 0 && d == 0))
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Dimension out of range for a tensor of rank {rank}.");
        return d;
    }

    internal static string ShapeString(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < dims.Length; i++) sb.Append(i == 0 ? "" : ", ").Append(dims[i]);
        if (dims.Length == 1) sb.Append(',');
        return sb.Append(')').ToString();
    }

    /// <summary>PyTorch-like rendering: values (elided past 6 per dimension), shape, and grad_fn when present.</summary>
    public override string ToString()
    {
        var values = ToArray();
        var sb = new StringBuilder("tensor(");
        Render(sb, values, 0, 0, 7);
        sb.Append(", shape=").Append(ShapeString(Dims));
        if (GradFnName is string name) sb.Append(", grad_fn=").Append(name);
        else if (RequiresGrad) sb.Append(", requires_grad=True");
        return sb.Append(')').ToString();
    }

    void Render(StringBuilder sb, float[] values, int dim, int start, int indent)
    {
        if (Rank == 0) { sb.Append(Format(values[0])); return; }
        int n = Dims[dim], step = ShapeSize(Dims.AsSpan(dim + 1));
        sb.Append('[');
        for (int i = 0; i < n; i++)
        {
            if (n > 6 && i == 3) { sb.Append("..., "); i = n - 3; }
            if (dim == Rank - 1) sb.Append(Format(values[start + i]));
            else Render(sb, values, dim + 1, start + i * step, indent + 1);
            if (i < n - 1) sb.Append(dim == Rank - 1 ? ", " : ",\n" + new string(' ', indent + dim + 1));
        }
        sb.Append(']');
    }

    static string Format(float v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
