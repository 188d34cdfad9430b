using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        public int Unused; // spelled out so that the table's bytes, saved as they are, hold no uninitialised padding
    }

    /// <summary>Bytes per hash slot; a binary model file records it so that a file with another layout is refused.</summary>
    internal const int SlotBytes = 16;

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

    NGramIndex(int count, int slotCount)
    {
        this.count = count;
        // Uninitialised: every byte is about to be read from the file.
        slots = GC.AllocateUninitializedArray<Slot>(slotCount);
        shift = 64 - BitOperations.Log2((uint)slotCount);
        prefixes = GC.AllocateUninitializedArray<int>(count);
        words = GC.AllocateUninitializedArray<int>(count);
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote: the context ids, the last words, then the hash table as it was in
    /// memory. Throws <see cref="InvalidDataException"/> (the caller adds the file name) when an id is out of range
    /// or the table's occupancy disagrees with <paramref name="count"/>, so a corrupt file cannot make a lookup loop
    /// forever or index past an array.
    /// </summary>
    internal static NGramIndex ReadFrom(Stream stream, int count, int slotCount, int prefixLimit, int wordLimit)
    {
        if (slotCount < 16 || !BitOperations.IsPow2(slotCount) || count * 2L > slotCount)
            throw new InvalidDataException($"{count} n-grams cannot live in a hash table of {slotCount} slots");
        var index = new NGramIndex(count, slotCount);
        stream.ReadExactly(MemoryMarshal.AsBytes(index.prefixes.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(index.words.AsSpan()));
        stream.ReadExactly(MemoryMarshal.AsBytes(index.slots.AsSpan()));
        index.Validate(prefixLimit, wordLimit);
        return index;
    }

    /// <summary>Writes the context ids and last words (Count each) and the hash table's bytes as they are.</summary>
    internal void WriteTo(Stream stream)
    {
        stream.Write(MemoryMarshal.AsBytes(Prefixes));
        stream.Write(MemoryMarshal.AsBytes(Words));
        stream.Write(MemoryMarshal.AsBytes(slots.AsSpan()));
    }

    /// <summary>Bytes that <see cref="WriteTo"/> writes for <paramref name="count"/> n-grams in <paramref name="slotCount"/> slots.</summary>
    internal static long StoredBytes(long count, long slotCount) => count * 2 * sizeof(int) + slotCount * SlotBytes;

    void Validate(int prefixLimit, int wordLimit)
    {
        for (int id = 0; id < count; id++)
            if ((uint)prefixes[id] >= (uint)prefixLimit || (uint)words[id] >= (uint)wordLimit)
                throw new InvalidDataException($"n-gram {id} has context {prefixes[id]} or word {words[id]} out of range");
        int occupied = 0;
        foreach (ref readonly Slot s in slots.AsSpan())
        {
            if (s.IdPlusOne == 0) continue;
            if ((uint)s.IdPlusOne > (uint)count) throw new InvalidDataException($"hash slot holds id {s.IdPlusOne - 1} of {count}");
            occupied++;
        }
        if (occupied != count) throw new InvalidDataException($"hash table holds {occupied} n-grams, the header says {count}");
    }

    public int Count => count;

    /// <summary>Number of hash slots, a power of two.</summary>
    internal int SlotCount => slots.Length;

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
            // At least 16: a loaded index's arrays are exactly Count long, possibly 0.
            Array.Resize(ref prefixes, Math.Max(16, id * 2));
            Array.Resize(ref words, prefixes.Length);
        }
        prefixes[id] = prefix;
        words[id] = word;
        slots[i] = new Slot { Key = key, IdPlusOne = id + 1, Unused = 0 };
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
