using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Recur.Decoding;
using Recur.NGram;

namespace Recur.Bench;

/// <summary>
/// `ctcdecode`: CTC decoding of synthetic utterances, in ms per utterance: greedy, prefix beam search without a
/// language model and with a word-bigram back-off model (Witten-Bell over a generated corpus; its uniform
/// random words defeat Kneser-Ney's discount estimate). Utterances are
/// sentences from the same generator as the corpus, spelled over the 29 classes blank, space, a–z and apostrophe:
/// each character 1–3 frames, then 0–2 blank frames, padded with blanks to T frames. Emissions are peaky
/// (the spoken class's logit 6 above Gaussian noise), with one character frame in ten leaning towards another
/// letter, so that the beam and the language model have something to decide. Also prints each decoder's character
/// error rate against the spoken text. One thread: parallelism over utterances is the caller's.
/// Options: --frames 500 --utterances 20 --repeats 3 --beam 100 --words 300 --sentences 5000 --seed 1.
/// </summary>
public static class CtcDecodeBench
{
    static readonly string[] Alphabet = ["", " ", .. Enumerable.Range('a', 26).Select(c => ((char)c).ToString()), "'"];

    public static int Run(BenchOptions o)
    {
        int T = o.Int("frames", 500), U = o.Int("utterances", 20), repeats = o.Int("repeats", 3), beam = o.Int("beam", 100);
        var g = new Generator((ulong)o.Int("seed", 1));
        var language = new WordLanguage(g, o.Int("words", 300));
        var corpus = new StringBuilder();
        for (int s = o.Int("sentences", 5000); s > 0; s--) corpus.AppendLine(language.Sentence(g, 12));
        var lm = NGramEstimator.Estimate(NGramCounter.Count(new StringReader(corpus.ToString()), 2), new WittenBellSmoothing());
        var utterances = new List<(float[] LogProbs, string Text)>();
        for (int u = 0; u < U; u++) utterances.Add(Emissions(g, language.Sentence(g, 40), T));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ctcdecode frames {T} classes {Alphabet.Length} utterances {U} beam {beam} lm bigram {lm.Size(1)} unigrams {lm.Size(2)} bigrams, 1 thread"));

        var search = new CtcPrefixBeamSearch(Alphabet, 0, new CtcBeamSearchOptions { BeamWidth = beam });
        Measure("greedy", utterances, repeats, x => Text(CtcGreedyDecoder.Decode(x, Alphabet.Length)));
        Measure("beam", utterances, repeats, x => search.Decode(x)[0].Text);
        Measure("beam+lm", utterances, repeats, x => search.Decode(x, lm)[0].Text);
        return 0;
    }

    static void Measure(string name, List<(float[] LogProbs, string Text)> utterances, int repeats, Func<float[], string> decode)
    {
        decode(utterances[0].LogProbs); // warm-up: lets the JIT settle
        long errors = 0, characters = 0;
        double best = double.MaxValue;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            foreach (var (logProbs, text) in utterances)
            {
                string decoded = decode(logProbs);
                if (r == 0) (errors, characters) = (errors + EditDistance(decoded, text), characters + text.Length);
            }
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds / utterances.Count);
        }
        double kilobytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / repeats / utterances.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ctcdecode-{name} {best:F3} ms/utterance (best of {repeats}), {kilobytes:F0} KiB allocated per utterance, CER {(double)errors / characters:P2}"));
    }

    static string Text(int[] tokens) => string.Concat(tokens.Select(c => Alphabet[c]));

    /// <summary>(T, C) peaky log-softmax emissions spelling <paramref name="sentence"/>, cut to the words that fit T frames.</summary>
    static (float[], string) Emissions(Generator g, string sentence, int T)
    {
        int C = Alphabet.Length;
        var path = new List<int>();
        var spoken = new StringBuilder();
        foreach (var word in sentence.Split(' '))
        {
            var spelled = new List<int>();
            foreach (char ch in (spoken.Length > 0 ? " " : "") + word)
            {
                int c = Array.IndexOf(Alphabet, ch.ToString());
                int last = spelled.Count > 0 ? spelled[^1] : path.Count > 0 ? path[^1] : 0;
                if (last == c) spelled.Add(0); // CTC spells a doubled letter with a blank between
                for (int k = 1 + g.NextInt(3); k > 0; k--) spelled.Add(c);
                for (int k = g.NextInt(3); k > 0; k--) spelled.Add(0);
            }
            if (path.Count + spelled.Count > T) break;
            path.AddRange(spelled);
            spoken.Append(spoken.Length > 0 ? " " : "").Append(word);
        }
        while (path.Count < T) path.Add(0);
        var logProbs = new float[T * C];
        for (int t = 0; t < T; t++)
        {
            var row = logProbs.AsSpan(t * C, C);
            for (int c = 0; c < C; c++) row[c] = (float)g.NextNormal();
            row[path[t]] += 6;
            if (path[t] > 1 && g.NextInt(10) == 0) row[2 + g.NextInt(26)] += 5.5f;
            float max = TensorPrimitives.Max(row), sum = 0;
            foreach (float x in row) sum += MathF.Exp(x - max);
            TensorPrimitives.Subtract(row, max + MathF.Log(sum), row);
        }
        return (logProbs, spoken.ToString());
    }

    static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j], current[j - 1]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Random words, each with a few likely followers: a language a bigram model can learn.</summary>
    sealed class WordLanguage
    {
        readonly string[] words;
        readonly int[][] followers;

        public WordLanguage(Generator g, int count)
        {
            var unique = new HashSet<string>();
            while (unique.Count < count)
            {
                var w = new char[2 + g.NextInt(7)];
                for (int i = 0; i < w.Length; i++) w[i] = (char)('a' + g.NextInt(26));
                unique.Add(new string(w));
            }
            words = [.. unique];
            followers = words.Select(_ => Enumerable.Range(0, 4).Select(_ => g.NextInt(count)).ToArray()).ToArray();
        }

        public string Sentence(Generator g, int maxWords)
        {
            int n = 3 + g.NextInt(maxWords - 2), w = g.NextInt(words.Length);
            var sentence = new StringBuilder(words[w]);
            for (int i = 1; i < n; i++)
            {
                w = g.NextInt(5) == 0 ? g.NextInt(words.Length) : followers[w][g.NextInt(4)];
                sentence.Append(' ').Append(words[w]);
            }
            return sentence.ToString();
        }
    }
}
