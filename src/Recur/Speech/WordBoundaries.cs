namespace Recur.Speech;

/// <summary>
/// Where an aligned utterance can be cut between words without splitting one. A CTC model's character spikes need
/// not sit where the word is spoken — a bidirectional model's typically come late, after much of the word — so the
/// alignment only says which stretch a boundary lies in: between the first spikes of two neighbouring words, that
/// is after the earlier word begins and before the later one ends. Within that stretch the cut goes in the middle of
/// the longest quiet run (frames whose loudness, averaged over <see cref="Smoothing"/> frames, lies below 30% of the way
/// from the utterance's 10th to its 90th percentile), the pause between the words. The cut before the first word
/// halves the quiet run the recording starts with, and the one after the last halves the run it ends with: spikes
/// say little there (a model that has learned how utterances begin may emit the first one at once).
/// </summary>
public static class WordBoundaries
{
    /// <summary>Frames averaged for the loudness (50 ms at a 10 ms hop), so that a stop consonant's closure does not read as a pause.</summary>
    public const int Smoothing = 5;

    /// <summary>
    /// W + 1 feature frames for an utterance of W aligned words: [k] is the cut before word k ([W] after the last).
    /// Null when a stretch between two words holds no quiet frame, so that no cut there would be safe.
    /// </summary>
    /// <param name="loudness">Per feature frame (<see cref="SpeechFeatures.Loudness"/>).</param>
    /// <param name="stack">Feature frames per model frame.</param>
    public static int[]? Find(SpeechAlignment alignment, ReadOnlySpan<float> loudness, int stack)
    {
        ArgumentNullException.ThrowIfNull(alignment);
        ArgumentOutOfRangeException.ThrowIfLessThan(stack, 1);
        int frames = loudness.Length, words = alignment.Words.Count;
        if (words == 0 || frames == 0) return null;
        var smooth = new float[frames];
        for (int t = 0; t < frames; t++)
        {
            int from = Math.Max(0, t - Smoothing / 2), to = Math.Min(frames, t + Smoothing / 2 + 1);
            float sum = 0;
            for (int u = from; u < to; u++) sum += loudness[u];
            smooth[t] = sum / (to - from);
        }
        // Percentiles rather than the extremes, which a digital-silence frame or a click would set.
        var sorted = smooth.Order().ToArray();
        float low = sorted[frames / 10], high = sorted[frames * 9 / 10], quiet = low + 0.3f * (high - low);
        if (!(high > low)) return null;

        int Start(int word) => Math.Min(frames, alignment.Words[word].StartFrame * stack);
        int lead = 0, trail = frames;
        while (lead < frames && smooth[lead] < quiet) lead++;
        while (trail > 0 && smooth[trail - 1] < quiet) trail--;
        var cuts = new int[words + 1];
        for (int k = 1; k < words; k++)
        {
            // The recording's leading and trailing silence lie outside every pause between words, wherever the spikes are.
            int from = Math.Max(lead, Start(k - 1)), to = Math.Min(trail, Start(k)), best = -1, bestLength = 0;
            for (int t = from; t < to;)
            {
                if (smooth[t] >= quiet) { t++; continue; }
                int run = t;
                while (t < to && smooth[t] < quiet) t++;
                if (t - run > bestLength) (best, bestLength) = (run, t - run);
            }
            if (best < 0) return null;
            cuts[k] = best + bestLength / 2;
        }
        (cuts[0], cuts[words]) = (lead / 2, (trail + frames + 1) / 2);
        for (int k = 1; k <= words; k++)
            if (cuts[k] < cuts[k - 1]) return null;
        return cuts;
    }
}
