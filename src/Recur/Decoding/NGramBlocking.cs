namespace Recur.Decoding;

/// <summary>
/// no_repeat_ngram_size blocking (Paulus et al. 2017; fairseq, OpenNMT): a token is forbidden when it would
/// complete an n-gram that already occurs in the hypothesis. For the last n − 1 generated tokens, every earlier
/// occurrence of them bans the token that followed it. O(|Y| · n) per row, no allocation.
/// </summary>
internal static class NGramBlocking
{
    public static void Ban(ReadOnlySpan<int> history, int n, Span<float> logProbs)
    {
        int t = history.Length;
        if (n <= 0 || t < n - 1) return;
        var suffix = history[(t - n + 1)..];
        for (int i = 0; i + n - 1 < t; i++)
            if (history.Slice(i, n - 1).SequenceEqual(suffix)) logProbs[history[i + n - 1]] = float.NegativeInfinity;
    }
}
