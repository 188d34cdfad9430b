using System.Text;

namespace Recur.Embeddings.FastText;

/// <summary>
/// fastText's subword units (Bojanowski et al. 2017, §3.2): the character n-grams of "&lt;word&gt;" for n from minn to
/// maxn (counting UTF-8 characters, not bytes; the bare boundary characters excluded), each hashed with 32-bit FNV-1a
/// into one of <c>buckets</c> rows. The hash sign-extends each byte before the xor, as fastText's
/// <c>uint32_t(int8_t(c))</c> does, so that ids agree with fastText's for non-ASCII words too.
/// </summary>
public static class CharNGrams
{
    const uint FnvOffset = 2166136261;
    const uint FnvPrime = 16777619;

    /// <summary>fastText's FNV-1a variant over the UTF-8 bytes.</summary>
    public static uint Hash(ReadOnlySpan<byte> utf8)
    {
        uint h = FnvOffset;
        foreach (byte b in utf8)
        {
            h ^= (uint)(sbyte)b;
            h *= FnvPrime;
        }
        return h;
    }

    public static uint Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    /// <summary>The n-grams of "&lt;word&gt;" in fastText's order: by start character, then by length.</summary>
    public static List<string> Enumerate(string word, int minn, int maxn)
    {
        var grams = new List<string>();
        var bytes = Encoding.UTF8.GetBytes("<" + word + ">");
        Visit(bytes, minn, maxn, gram => grams.Add(Encoding.UTF8.GetString(gram)));
        return grams;
    }

    /// <summary>Appends the bucket (0..buckets-1) of each n-gram of "&lt;word&gt;" to <paramref name="destination"/>.</summary>
    public static void AddBuckets(string word, int minn, int maxn, int buckets, List<int> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (maxn <= 0) return;
        var bytes = Encoding.UTF8.GetBytes("<" + word + ">");
        Visit(bytes, minn, maxn, gram => destination.Add((int)(Hash(gram) % (uint)buckets)));
    }

    delegate void GramVisitor(ReadOnlySpan<byte> gram);

    static void Visit(byte[] word, int minn, int maxn, GramVisitor visit)
    {
        for (int i = 0; i < word.Length; i++)
        {
            if (IsContinuation(word[i])) continue;
            int j = i;
            for (int n = 1; j < word.Length && n <= maxn; n++)
            {
                j++;
                while (j < word.Length && IsContinuation(word[j])) j++;
                // A single character at either end is just "<" or ">": no information, left out as fastText does.
                if (n >= minn && !(n == 1 && (i == 0 || j == word.Length))) visit(word.AsSpan(i, j - i));
            }
        }
    }

    static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;
}
