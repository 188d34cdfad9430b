using System.Numerics.Tensors;

namespace Recur.Decoding;

/// <summary>
/// Best-path CTC decoding (Graves et al. 2006, §3.2): the most probable class of each frame, repeats collapsed,
/// blanks dropped. This is the labelling of the single most probable alignment, which need not be the most
/// probable labelling (that sums over alignments; see <see cref="CtcPrefixBeamSearch"/>).
/// </summary>
public static class CtcGreedyDecoder
{
    /// <param name="logProbs">(T, C) row-major: frame t's C log-probabilities (or any scores with the same argmax) contiguous.</param>
    /// <param name="classes">C, the number of classes, blank included.</param>
    public static int[] Decode(ReadOnlySpan<float> logProbs, int classes, int blank = 0) => Decode(logProbs, classes, blank, out _);

    /// <param name="startFrames">For each returned token, the frame where its run of frames begins.</param>
    public static int[] Decode(ReadOnlySpan<float> logProbs, int classes, int blank, out int[] startFrames)
    {
        Validate(logProbs.Length, classes, blank);
        int T = logProbs.Length / classes;
        var tokens = new List<int>();
        var frames = new List<int>();
        int previous = blank;
        for (int t = 0; t < T; t++)
        {
            int best = TensorPrimitives.IndexOfMax(logProbs.Slice(t * classes, classes));
            // A repeat only starts a new token after a blank (the CTC collapse B: merge repeats, then drop blanks).
            if (best != blank && best != previous)
            {
                tokens.Add(best);
                frames.Add(t);
            }
            previous = best;
        }
        startFrames = frames.ToArray();
        return tokens.ToArray();
    }

    internal static void Validate(int length, int classes, int blank)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "There must be at least one class (the blank).");
        if ((uint)blank >= (uint)classes) throw new ArgumentOutOfRangeException(nameof(blank), blank, $"The blank must be a class id below {classes}.");
        if (length % classes != 0)
            throw new ArgumentException($"logProbs has {length} values, not a whole number of frames of {classes} classes (expected T × C, row-major).", "logProbs");
    }
}
