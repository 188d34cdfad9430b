namespace Recur.Data;

/// <summary>
/// The order in which a task visits its N examples: a fresh permutation each epoch, drawn from a generator seeded
/// with (seed, epoch) alone. Because no generator state carries over between epochs, a position is fully described
/// by (epoch, index), which is what a checkpoint stores; a resumed run sees exactly the order an uninterrupted one would.
/// </summary>
public sealed class EpochShuffle
{
    readonly ulong seed;
    readonly int[] order;
    int epoch = -1;

    public EpochShuffle(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        order = new int[count];
        this.seed = seed;
    }

    public int Count => order.Length;

    /// <summary>The permutation of epoch <paramref name="epochIndex"/>.</summary>
    public ReadOnlySpan<int> Order(int epochIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochIndex);
        if (epochIndex != epoch)
        {
            // Fisher–Yates with a generator of its own per epoch; the golden-ratio step decorrelates neighbouring epochs.
            var generator = new Generator(seed + 0x9E3779B97F4A7C15UL * (ulong)(epochIndex + 1));
            for (int i = 0; i < order.Length; i++) order[i] = i;
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = generator.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            epoch = epochIndex;
        }
        return order;
    }
}
