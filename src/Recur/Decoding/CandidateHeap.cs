using System.Numerics;

namespace Recur.Decoding;

/// <summary>
/// The best C candidates (score, index) of one search unit at one step, kept in a min-heap whose root is the
/// worst: lower score, or equal score and higher index, so ties always resolve toward the lower index. Rows are
/// scanned in increasing index order, which makes "strictly better than the root" the whole admission test; a
/// SIMD pre-filter in float compares each log-probability against the root's score less the row's prefix score,
/// so only the few entries that can enter reach the exact double-precision test. Buffers are reused across steps.
/// </summary>
internal sealed class CandidateHeap
{
    double[] scores = [];
    int[] indices = [];
    int capacity;

    public int Count { get; private set; }

    public double ScoreAt(int i) => scores[i];

    public int IndexAt(int i) => indices[i];

    public void Reset(int capacity)
    {
        if (scores.Length < capacity) (scores, indices) = (new double[capacity], new int[capacity]);
        this.capacity = capacity;
        Count = 0;
    }

    double Threshold => Count < capacity ? double.NegativeInfinity : scores[0];

    /// <summary>Offers prefix + row[v] at index baseIndex + v for every v.</summary>
    public void Scan(ReadOnlySpan<float> row, double prefix, int baseIndex)
    {
        int v = 0, width = Vector<float>.Count, block = 4 * width;
        if (Vector.IsHardwareAccelerated)
        {
            // Four vectors per test: one compare of their maximum rejects a block of 4·width entries at once.
            var limit = new Vector<float>(Limit(prefix));
            for (; v <= row.Length - block; v += block)
            {
                var m = Vector.Max(Vector.Max(new Vector<float>(row.Slice(v)), new Vector<float>(row.Slice(v + width))),
                    Vector.Max(new Vector<float>(row.Slice(v + 2 * width)), new Vector<float>(row.Slice(v + 3 * width))));
                if (!Vector.GreaterThanAny(m, limit)) continue;
                for (int j = v; j < v + block; j++) Offer(prefix + row[j], baseIndex + j);
                limit = new Vector<float>(Limit(prefix));
            }
        }
        for (; v < row.Length; v++) Offer(prefix + row[v], baseIndex + v);
    }

    /// <summary>The largest float ℓ with ℓ ≤ threshold − prefix: every entry above it in double is above ℓ in float.</summary>
    float Limit(double prefix)
    {
        double t = Threshold - prefix;
        if (double.IsNegativeInfinity(t) || double.IsNaN(t)) return float.NegativeInfinity;
        float f = (float)t;
        return f > t ? MathF.BitDecrement(f) : f;
    }

    void Offer(double score, int index)
    {
        if (!(score > Threshold)) return;
        if (Count < capacity)
        {
            int i = Count++;
            scores[i] = score; indices[i] = index;
            SiftUp(i);
        }
        else
        {
            scores[0] = score; indices[0] = index;
            SiftDown(0);
        }
    }

    bool Worse(int a, int b) => scores[a] < scores[b] || (scores[a] == scores[b] && indices[a] > indices[b]);

    void Swap(int a, int b)
    {
        (scores[a], scores[b]) = (scores[b], scores[a]);
        (indices[a], indices[b]) = (indices[b], indices[a]);
    }

    void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Worse(i, parent)) return;
            Swap(i, parent);
            i = parent;
        }
    }

    void SiftDown(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < Count && Worse(l, worst)) worst = l;
            if (r < Count && Worse(r, worst)) worst = r;
            if (worst == i) return;
            Swap(i, worst);
            i = worst;
        }
    }

    /// <summary>Orders the kept candidates best first (heap sort in place: repeatedly move the worst to the end).</summary>
    public void SortDescending()
    {
        int n = Count;
        for (int end = n - 1; end > 0; end--)
        {
            Swap(0, end);
            Count = end;
            SiftDown(0);
        }
        Count = n;
    }
}
