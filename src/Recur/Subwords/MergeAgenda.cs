// The candidate merges of one sentence: a binary min-heap on one 64-bit key per entry, the piece's score made
// order-preserving and inverted in the high half (higher scores first) and the left symbol's index in the low half
// (leftmost first on equal scores), which is sentencepiece's order.
using System.Buffers;

namespace Recur.Subwords;

internal struct MergeAgenda(int capacity) : IDisposable
{
    public readonly record struct Entry(ulong Key, int Right, int Size)
    {
        public int Left => (int)(uint)Key;
    }

    Entry[] heap = ArrayPool<Entry>.Shared.Rent(Math.Max(capacity, 4));
    int count;

    public static ulong KeyOf(float score, int left)
    {
        // IEEE floats order like sign-magnitude integers; flipping makes them order like unsigned ones.
        uint bits = (uint)BitConverter.SingleToInt32Bits(score);
        uint ascending = (bits & 0x80000000) == 0 ? bits | 0x80000000 : ~bits;
        return ((ulong)~ascending << 32) | (uint)left;
    }

    public void Push(Entry entry)
    {
        if (count == heap.Length)
        {
            var larger = ArrayPool<Entry>.Shared.Rent(heap.Length * 2);
            heap.AsSpan(0, count).CopyTo(larger);
            ArrayPool<Entry>.Shared.Return(heap);
            heap = larger;
        }
        int i = count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (heap[parent].Key <= entry.Key) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    public bool TryPop(out Entry top)
    {
        if (count == 0) { top = default; return false; }
        top = heap[0];
        var last = heap[--count];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= count) break;
            if (child + 1 < count && heap[child + 1].Key < heap[child].Key) child++;
            if (last.Key <= heap[child].Key) break;
            heap[i] = heap[child];
            i = child;
        }
        if (count > 0) heap[i] = last;
        return true;
    }

    public void Dispose()
    {
        if (heap.Length > 0) ArrayPool<Entry>.Shared.Return(heap);
        heap = [];
    }
}
