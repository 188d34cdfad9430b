using System.Buffers;

namespace Recur.Decoding;

/// <summary>
/// Choosing the next token from one row of logits or log-probabilities (softmax is shift-invariant, so either
/// gives the same distribution). Each rule is a separate function over one row so that it can be checked by hand:
/// temperature scaling, top-k truncation, nucleus (top-p) truncation (Holtzman et al. 2020), min-p truncation
/// (Nguyen et al. 2024), a seeded draw, and greedy choice. Truncations zero the dropped entries and renormalise
/// the rest in place. Ties are broken toward the lower id everywhere, so results never depend on sort stability.
/// Nothing here allocates: orderings use pooled buffers.
/// </summary>
public static class Sampling
{
    /// <summary>The id with the largest value (the lowest such id on ties).</summary>
    public static int Greedy(ReadOnlySpan<float> row)
    {
        if (row.IsEmpty) throw new ArgumentException("Cannot choose from an empty row.", nameof(row));
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>
    /// softmax(logits / τ) into <paramref name="probabilities"/>, computed in double after subtracting the maximum.
    /// τ &lt; 1 sharpens the distribution, τ &gt; 1 flattens it.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> logits, float temperature, Span<float> probabilities)
    {
        if (!(temperature > 0) || float.IsInfinity(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a positive finite number.");
        if (probabilities.Length != logits.Length) throw new ArgumentException("Destination length differs from the logits.", nameof(probabilities));
        float max = logits[Greedy(logits)];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++) sum += Math.Exp((logits[i] - max) / (double)temperature);
        for (int i = 0; i < logits.Length; i++) probabilities[i] = (float)(Math.Exp((logits[i] - max) / (double)temperature) / sum);
    }

    /// <summary>Keeps the <paramref name="k"/> most probable entries, zeroes the others and renormalises. k ≥ V keeps all.</summary>
    public static void TopK(Span<float> probabilities, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "Top-k needs k ≥ 1.");
        if (k >= probabilities.Length) return;
        var pool = ArrayPool<ulong>.Shared.Rent(probabilities.Length);
        var order = DescendingOrder(probabilities, pool);
        for (int r = k; r < order.Length; r++) probabilities[Id(order[r])] = 0f;
        ArrayPool<ulong>.Shared.Return(pool);
        Normalize(probabilities);
    }

    /// <summary>
    /// Nucleus truncation: keeps the smallest set of most probable entries whose total mass is at least
    /// <paramref name="p"/>, zeroes the rest and renormalises. p = 1 keeps everything with non-zero mass.
    /// </summary>
    public static void TopP(Span<float> probabilities, float p)
    {
        if (!(p > 0f && p <= 1f)) throw new ArgumentOutOfRangeException(nameof(p), p, "Top-p needs 0 < p ≤ 1.");
        var pool = ArrayPool<ulong>.Shared.Rent(probabilities.Length);
        var order = DescendingOrder(probabilities, pool);
        double total = 0;
        foreach (float v in probabilities) total += v;
        double mass = 0;
        int keep = order.Length;
        for (int r = 0; r < order.Length; r++)
        {
            mass += probabilities[Id(order[r])];
            // Compare against p·total so an unnormalised row (or float rounding in a normalised one) behaves the same.
            if (mass >= p * total * (1 - 1e-7)) { keep = r + 1; break; }
        }
        for (int r = keep; r < order.Length; r++) probabilities[Id(order[r])] = 0f;
        ArrayPool<ulong>.Shared.Return(pool);
        Normalize(probabilities);
    }

    /// <summary>
    /// Min-p truncation (Nguyen et al. 2024): keeps the entries whose probability is at least
    /// <paramref name="minP"/> times the largest one, zeroes the rest and renormalises.
    /// </summary>
    public static void MinP(Span<float> probabilities, float minP)
    {
        if (!(minP >= 0f && minP <= 1f)) throw new ArgumentOutOfRangeException(nameof(minP), minP, "Min-p needs 0 ≤ p ≤ 1.");
        float threshold = minP * probabilities[Greedy(probabilities)];
        for (int i = 0; i < probabilities.Length; i++) if (probabilities[i] < threshold) probabilities[i] = 0f;
        Normalize(probabilities);
    }

    /// <summary>
    /// Draws an id with probability proportional to its entry (inverse CDF of one uniform number from
    /// <paramref name="generator"/>); the row need not sum to exactly 1.
    /// </summary>
    public static int Draw(ReadOnlySpan<float> probabilities, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double total = 0;
        foreach (float v in probabilities) total += v;
        if (!(total > 0)) throw new ArgumentException("Cannot draw from a row with no positive mass.", nameof(probabilities));
        double u = generator.NextDouble() * total, cumulative = 0;
        int last = -1;
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (probabilities[i] <= 0f) continue;
            cumulative += probabilities[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last;
    }

    /// <summary>
    /// The next id for one row of logits under <paramref name="options"/>: temperature, then top-k, top-p and
    /// min-p in that order (Hugging Face's order), then a draw. <paramref name="scratch"/> holds V floats.
    /// </summary>
    public static int Next(ReadOnlySpan<float> logits, SamplingOptions options, Generator? generator, Span<float> scratch)
    {
        if (options.Greedy) return Greedy(logits);
        ArgumentNullException.ThrowIfNull(generator);
        var probabilities = scratch[..logits.Length];
        Softmax(logits, options.Temperature, probabilities);
        if (options.TopK is int k) TopK(probabilities, k);
        if (options.TopP is float p) TopP(probabilities, p);
        if (options.MinP is float m) MinP(probabilities, m);
        return Draw(probabilities, generator);
    }

    /// <summary>
    /// Ids by descending value, lower id first on ties: each key packs the value's order-preserving bits, inverted,
    /// above the id, so one unsigned sort gives the order with no comparer and no allocation.
    /// </summary>
    static Span<ulong> DescendingOrder(ReadOnlySpan<float> values, ulong[] buffer)
    {
        var keys = buffer.AsSpan(0, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(values[i]);
            uint ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
            keys[i] = ((ulong)~ascending << 32) | (uint)i;
        }
        keys.Sort();
        return keys;
    }

    static int Id(ulong key) => (int)(uint)key;

    static void Normalize(Span<float> values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        for (int i = 0; i < values.Length; i++) values[i] = (float)(values[i] / sum);
    }
}
