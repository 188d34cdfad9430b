namespace Recur;

/// <summary>
/// Recycles the storage of intermediate gradients. During a backward pass each non-leaf node's gradient dies as
/// soon as the node's backward has run (unless retained or handed on to an input); its buffer is kept here and
/// handed out again by the next op that asks for one of that length, so a training step of many small ops reuses
/// cache-warm memory instead of allocating fresh buffers (PyTorch's caching allocator does the same). The pool
/// is per thread, bounded, and holds only buffers nothing else references; it changes no result.
/// </summary>
internal sealed class GradientBufferPool
{
    const int MinLength = 256;            // smaller buffers are cheaper to allocate than to look up
    const long MaxPooledFloats = 1 << 24; // 64 MiB per thread

    [ThreadStatic] static GradientBufferPool? current;

    readonly Dictionary<int, Stack<float[]>> free = [];
    long pooled;

    public static GradientBufferPool Current => current ??= new GradientBufferPool();

    /// <summary>A buffer of exactly <paramref name="length"/> floats with arbitrary contents.</summary>
    public float[] Rent(int length)
    {
        if (length >= MinLength && free.TryGetValue(length, out var stack) && stack.TryPop(out var buffer))
        {
            pooled -= length;
            return buffer;
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    public void Return(float[] buffer)
    {
        if (buffer.Length < MinLength || pooled + buffer.Length > MaxPooledFloats) return;
        if (!free.TryGetValue(buffer.Length, out var stack)) free[buffer.Length] = stack = new Stack<float[]>();
        stack.Push(buffer);
        pooled += buffer.Length;
    }
}
