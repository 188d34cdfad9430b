namespace Recur.Speech;

/// <summary>One recording ready for a CTC model: its normalised features (frames × dims, time-major) and its transcript as class ids.</summary>
public sealed record Utterance(string Name, string Transcript, float[] Features, int Frames, int[] Labels)
{
    /// <summary>
    /// The words [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of this utterance on
    /// their own, between the recording's own leading and trailing silence: the feature frames before
    /// <paramref name="boundaries"/>[0], those between the boundaries before the first word and after the last, and
    /// those after boundaries[W] (<see cref="WordBoundaries.Find"/>). Keeping the edges matters: a recording starts
    /// and ends in silence, and cuts that did not would teach the model that only some words follow a long one.
    /// Null when the cut is too short for its transcript at the model's frame rate.
    /// </summary>
    /// <param name="words">The utterance's W words, in order.</param>
    /// <param name="boundaries">W + 1 increasing feature frames: [k] lies before word k, [W] after the last.</param>
    /// <param name="stack">Feature frames per model frame.</param>
    public Utterance? Cut(IReadOnlyList<string> words, ReadOnlySpan<int> boundaries, int first, int count, CtcAlphabet alphabet, int stack)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(alphabet);
        ArgumentOutOfRangeException.ThrowIfLessThan(stack, 1);
        int W = words.Count;
        if (boundaries.Length != W + 1) throw new ArgumentException($"{W} words need {W + 1} boundaries, not {boundaries.Length}.", nameof(boundaries));
        for (int k = 0; k <= W; k++)
            if (boundaries[k] < 0 || boundaries[k] > Frames || (k > 0 && boundaries[k] < boundaries[k - 1]))
                throw new ArgumentException($"Boundary {k} ({boundaries[k]}) is out of order or outside the utterance's {Frames} frames.", nameof(boundaries));
        if (first < 0 || count < 1 || first + count > W)
            throw new ArgumentOutOfRangeException(nameof(count), $"Words {first}…{first + count - 1} do not lie within the utterance's {W}.");
        if (first == 0 && count == W) return this;
        (int Start, int End)[] pieces = first == 0 ? [(0, boundaries[count]), (boundaries[W], Frames)]
            : first + count == W ? [(0, boundaries[0]), (boundaries[first], Frames)]
            : [(0, boundaries[0]), (boundaries[first], boundaries[first + count]), (boundaries[W], Frames)];
        string transcript = string.Join(' ', words.Skip(first).Take(count));
        if (!alphabet.TryEncode(transcript, out var labels, out _)) return null;
        int frames = pieces.Sum(p => p.End - p.Start);
        if ((frames + stack - 1) / stack < CtcAlphabet.MinimumFrames(labels)) return null;
        int dims = Features.Length / Math.Max(1, Frames);
        var features = new float[frames * dims];
        int at = 0;
        foreach (var (start, end) in pieces)
        {
            Features.AsSpan(start * dims, (end - start) * dims).CopyTo(features.AsSpan(at));
            at += (end - start) * dims;
        }
        return new Utterance($"{Name} words {first + 1}–{first + count}", transcript, features, frames, labels);
    }
}
