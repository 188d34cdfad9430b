using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recur.NGram;

/// <summary>
/// The n-grams of one order (2 and up) as a prefix trie level: each n-gram is the pair (id of its first n−1 words
/// at the order below, last word id) and gets a dense id 0..Count−1 in insertion order. An open-addressing hash
/// table with linear probing maps pairs to ids; each slot holds the packed pair beside the id, so a lookup touches
/// one cache line.
/// </summary>
public sealed class NGramIndex
{
    struct Slot
    {
        public ulong Key;
        public int IdPlusOne; // 0 marks an empty slot, so a fresh array is an empty table
    }

    Slot[] slots;
    int shift;
    int[] prefixes;
    int[] words;
    int count;

    public NGramIndex(int capacity = 16)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, capacity * 2));
        slots = new Slot[size];
        shift = 64 - BitOperations.Log2((uint)size);
        prefixes = new int[Math.Max(16, capacity)];
        words = new int[prefixes.Length];
    }

    public int Count => count;

    /// <summary>For each id, the id of its first n−1 words at the order below (a word id at order 2).</summary>
    public ReadOnlySpan<int> Prefixes => prefixes.AsSpan(0, count);

    /// <summary>For each id, its last word.</summary>
    public ReadOnlySpan<int> Words => words.AsSpan(0, count);

    static ulong Pack(int prefix, int word) => ((ulong)(uint)prefix << 32) | (uint)word;

    // Fibonacci hashing (Knuth, TAOCP vol. 3 §6.4): the top bits of key·2^64/φ are well spread even for the
    // small, dense ids packed here.
    int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> shift);

    /// <summary>The id of (prefix, word), or −1 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(int prefix, int word)
    {
        ulong key = Pack(prefix, word);
        var table = slots;
        int mask = table.Length - 1;
        for (int i = Home(key); ; i = (i + 1) & mask)
        {
            ref Slot s = ref table[i];
            if (s.IdPlusOne == 0) return -1;
            if (s.Key == key) return s.IdPlusOne - 1;
        }
    }

    /// <summary>The id of (prefix, word), adding the pair with the next id when it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetOrAdd(int prefix, int word)
    {
        ulong key = Pack(prefix, word);
        int mask = slots.Length - 1;
        int i = Home(key);
        for (; ; i = (i + 1) & mask)
        {
            ref Slot s = ref slots[i];
            if (s.IdPlusOne == 0) break;
            if (s.Key == key) return s.IdPlusOne - 1;
        }
        int id = count++;
        if (id == prefixes.Length)
        {
            Array.Resize(ref prefixes, id * 2);
            Array.Resize(ref words, id * 2);
        }
        prefixes[id] = prefix;
        words[id] = word;
        slots[i] = new Slot { Key = key, IdPlusOne = id + 1 };
        // Keep the load factor at most 1/2 so that probe sequences stay short.
        if (count * 2 > slots.Length) Grow();
        return id;
    }

    void Grow()
    {
        var old = slots;
        slots = new Slot[old.Length * 2];
        shift--;
        int mask = slots.Length - 1;
        foreach (var s in old)
        {
            if (s.IdPlusOne == 0) continue;
            int i = Home(s.Key);
            while (slots[i].IdPlusOne != 0) i = (i + 1) & mask;
            slots[i] = s;
        }
    }
}
