namespace Recur.Decoding;

/// <summary>
/// CTC forced alignment: the single most probable alignment π of a known labelling ℓ, argmax over B⁻¹(ℓ) of
/// Π_t y(t, π_t). It is the CTC forward recursion (Graves et al. 2006, eq. 6–7) with the sum replaced by a max and
/// a back-pointer kept per (frame, state) — a Viterbi pass over the extended labelling ℓ′ = blank, ℓ₁, blank, ℓ₂, …,
/// blank. Each label then owns the frames at which the path sits on it, which is where the model heard it: the
/// basis for word timings and for cutting utterances at word boundaries.
/// </summary>
public static class CtcForcedAligner
{
    /// <summary>The best alignment of <paramref name="targets"/>, or null when none exists (too few frames, or every alignment has probability 0).</summary>
    /// <param name="logProbs">(T, C) row-major log-probabilities.</param>
    /// <param name="classes">C, the number of classes, blank included.</param>
    /// <param name="targets">ℓ, the labels (no blanks).</param>
    public static CtcAlignment? Align(ReadOnlySpan<float> logProbs, int classes, ReadOnlySpan<int> targets, int blank = 0)
    {
        CtcGreedyDecoder.Validate(logProbs.Length, classes, blank);
        foreach (int label in targets)
        {
            if ((uint)label >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(targets), label, $"Target labels must be class ids below {classes}.");
            if (label == blank) throw new ArgumentException($"The targets hold the blank ({blank}); a labelling has no blanks.", nameof(targets));
        }
        int T = logProbs.Length / classes, L = 2 * targets.Length + 1;
        if (T == 0) return targets.Length == 0 ? new CtcAlignment([], [], 0) : null;

        var extended = new int[L];
        for (int s = 0; s < L; s++) extended[s] = s % 2 == 0 ? blank : targets[s / 2];
        // back[t·L + s]: how many states the best path into (t, s) advanced by at t (0, 1 or 2).
        var back = new byte[T * L];
        var previous = new double[L];
        var current = new double[L];
        previous.AsSpan().Fill(double.NegativeInfinity);
        previous[0] = logProbs[blank];
        if (L > 1) previous[1] = logProbs[extended[1]];
        for (int t = 1; t < T; t++)
        {
            var row = logProbs.Slice(t * classes, classes);
            // States below L − 2(T − t) cannot reach the end in time, those above 2t + 1 cannot be reached yet.
            int first = Math.Max(0, L - 2 * (T - t)), last = Math.Min(L - 1, 2 * t + 1);
            current.AsSpan().Fill(double.NegativeInfinity);
            for (int s = first; s <= last; s++)
            {
                double best = previous[s];
                byte step = 0;
                if (s >= 1 && previous[s - 1] > best) (best, step) = (previous[s - 1], 1);
                // Skipping the blank between two labels is allowed only when they differ (eq. 7).
                if (s >= 2 && extended[s] != blank && extended[s] != extended[s - 2] && previous[s - 2] > best) (best, step) = (previous[s - 2], 2);
                current[s] = best + row[extended[s]];
                back[t * L + s] = step;
            }
            (previous, current) = (current, previous);
        }

        int state = L - 1;
        if (L > 1 && previous[L - 2] > previous[L - 1]) state = L - 2;
        double logProb = previous[state];
        if (double.IsNegativeInfinity(logProb) || double.IsNaN(logProb)) return null;

        var labels = new int[T];
        var spans = new CtcTokenSpan[targets.Length];
        for (int t = T - 1; t >= 0; t--)
        {
            labels[t] = extended[state];
            if (state % 2 == 1)
            {
                int k = state / 2;
                double frame = logProbs[t * classes + extended[state]];
                spans[k] = spans[k].End == 0
                    ? new CtcTokenSpan(targets[k], t, t + 1, frame)
                    : spans[k] with { Start = t, LogProb = spans[k].LogProb + frame };
            }
            state -= back[t * L + state];
        }
        return new CtcAlignment(labels, spans, logProb);
    }
}
