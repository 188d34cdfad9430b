namespace Recur.Tests.Decoding;

/// <summary>Hand-built and random (T, C) CTC log-probability matrices for the decoder tests.</summary>
static class CtcEmissions
{
    /// <summary>blank, space, a–z, apostrophe: the 29 classes of a character acoustic model.</summary>
    public static readonly string[] Alphabet = ["", " ", .. Enumerable.Range('a', 26).Select(c => ((char)c).ToString()), "'"];

    /// <summary>
    /// One frame per entry, each a few (text, probability) pairs; the rest of the mass is spread evenly over the
    /// other classes. "_" is the blank.
    /// </summary>
    public static float[] Frames(string[] alphabet, params (string Label, double P)[][] frames)
    {
        int C = alphabet.Length;
        var logProbs = new float[frames.Length * C];
        for (int t = 0; t < frames.Length; t++)
        {
            var p = new double[C];
            double named = 0;
            foreach (var (label, prob) in frames[t])
            {
                int c = label == "_" ? 0 : Array.IndexOf(alphabet, label);
                Assert.True(c >= 0, $"'{label}' is not in the alphabet");
                p[c] += prob;
                named += prob;
            }
            int rest = C - frames[t].Length;
            for (int c = 0; c < C; c++)
            {
                if (!frames[t].Any(f => (f.Label == "_" ? 0 : Array.IndexOf(alphabet, f.Label)) == c)) p[c] = (1 - named) / rest;
                logProbs[t * C + c] = (float)Math.Log(p[c]);
            }
        }
        return logProbs;
    }

    /// <summary>A peaky frame for each character of <paramref name="spelling"/> ('_' a blank frame): p = 0.9 on it.</summary>
    public static (string, double)[][] Spell(string spelling, double p = 0.9) =>
        spelling.Select(ch => new (string, double)[] { (ch == '_' ? "_" : ch.ToString(), p) }).ToArray();

    /// <summary>A random (T, C) log-softmax matrix.</summary>
    public static float[] Random(Random random, int T, int C, double sharpness = 2)
    {
        var logProbs = new float[T * C];
        for (int t = 0; t < T; t++)
        {
            var row = logProbs.AsSpan(t * C, C);
            for (int c = 0; c < C; c++) row[c] = (float)(sharpness * random.NextDouble());
            float max = System.Numerics.Tensors.TensorPrimitives.Max(row), sum = 0;
            foreach (float x in row) sum += MathF.Exp(x - max);
            float log = max + MathF.Log(sum);
            for (int c = 0; c < C; c++) row[c] -= log;
        }
        return logProbs;
    }

    /// <summary>Every labelling's ln p(ℓ | X) = ln Σ over the alignments that collapse to ℓ, by enumerating all C^T alignments; best first.</summary>
    public static List<(int[] Labels, double LogProb)> BruteForce(float[] logProbs, int C, int blank)
    {
        int T = logProbs.Length / C;
        var sums = new Dictionary<string, (int[] Labels, double P)>();
        var path = new int[T];
        long total = (long)Math.Pow(C, T);
        for (long a = 0; a < total; a++)
        {
            long rest = a;
            double logP = 0;
            for (int t = 0; t < T; t++)
            {
                path[t] = (int)(rest % C);
                rest /= C;
                logP += logProbs[t * C + path[t]];
            }
            var labels = new List<int>();
            for (int t = 0; t < T; t++)
                if (path[t] != blank && (t == 0 || path[t] != path[t - 1])) labels.Add(path[t]);
            string key = string.Join(",", labels);
            sums[key] = sums.TryGetValue(key, out var s) ? (s.Labels, s.P + Math.Exp(logP)) : (labels.ToArray(), Math.Exp(logP));
        }
        return sums.Values.Select(v => (v.Labels, Math.Log(v.P))).OrderByDescending(v => v.Item2).ToList();
    }
}
