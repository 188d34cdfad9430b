namespace Recur;

/// <summary>
/// The gradient of a (V, E) table that only some rows received, as PyTorch's sparse COO gradient of
/// <c>nn.Embedding(sparse=True)</c>: a list of (row, E values) entries, possibly repeating a row until
/// <see cref="Coalesce"/> sums the repeats (in the order they were added, so the sums equal a dense scatter-add's).
/// Its buffers are kept across <see cref="Tensor.ZeroGrad"/>, so steady-state training steps do not allocate.
/// </summary>
public sealed class RowSparseGradient
{
    int[] rows = [];
    float[] values = [];
    int count;

    internal RowSparseGradient(int rowCount, int rowSize) { TableRows = rowCount; RowSize = rowSize; }

    /// <summary>V, the number of rows of the dense table.</summary>
    public int TableRows { get; }

    /// <summary>E, the length of one row.</summary>
    public int RowSize { get; }

    /// <summary>Number of (row, values) entries.</summary>
    public int Count => count;

    /// <summary>Row index of each entry.</summary>
    public ReadOnlySpan<int> Rows => rows.AsSpan(0, count);

    /// <summary>Entry i's values are <c>Values[i·E .. (i+1)·E)</c>.</summary>
    public Span<float> Values => values.AsSpan(0, count * RowSize);

    internal Memory<float> ValuesMemory => values.AsMemory(0, count * RowSize);

    /// <summary>Whether every row appears at most once, in increasing order.</summary>
    public bool IsCoalesced
    {
        get
        {
            for (int i = 1; i < count; i++) if (rows[i] <= rows[i - 1]) return false;
            return true;
        }
    }

    internal void Add(ReadOnlySpan<int> ids, ReadOnlySpan<float> gradient)
    {
        int needed = count + ids.Length;
        if (rows.Length < needed)
        {
            Array.Resize(ref rows, Math.Max(needed, 2 * rows.Length));
            Array.Resize(ref values, rows.Length * RowSize);
        }
        ids.CopyTo(rows.AsSpan(count));
        gradient.Slice(0, ids.Length * RowSize).CopyTo(values.AsSpan(count * RowSize));
        count = needed;
    }

    internal void Clear() => count = 0;

    /// <summary>Sorts the entries by row and sums repeated rows, in place.</summary>
    public void Coalesce()
    {
        if (IsCoalesced) return;
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var keys = rows.AsSpan(0, count).ToArray();
        // A stable sort keeps each row's entries in the order they were added, so the sums below add in that order.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var merged = new float[count * RowSize];
        int unique = -1, e = RowSize;
        for (int k = 0; k < count; k++)
        {
            int source = order[k];
            var row = values.AsSpan(source * e, e);
            if (unique >= 0 && rows[unique] == keys[source])
                System.Numerics.Tensors.TensorPrimitives.Add(merged.AsSpan(unique * e, e), row, merged.AsSpan(unique * e, e));
            else
            {
                unique++;
                rows[unique] = keys[source];
                row.CopyTo(merged.AsSpan(unique * e, e));
            }
        }
        count = unique + 1;
        merged.AsSpan(0, count * e).CopyTo(values);
    }

    /// <summary>Adds the entries into a dense (V, E) buffer.</summary>
    public void AddTo(Span<float> dense)
    {
        int e = RowSize;
        for (int i = 0; i < count; i++)
        {
            var target = dense.Slice(rows[i] * e, e);
            System.Numerics.Tensors.TensorPrimitives.Add(target, values.AsSpan(i * e, e), target);
        }
    }

    /// <summary>The gradient as a dense (V, E) tensor.</summary>
    public Tensor ToDense()
    {
        var dense = Tensor.Zeros(TableRows, RowSize);
        AddTo(dense.AsSpan());
        return dense;
    }
}
