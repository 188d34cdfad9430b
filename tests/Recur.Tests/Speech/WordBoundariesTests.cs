using Recur.Decoding;
using Recur.Speech;

namespace Recur.Tests.Speech;

/// <summary>Cutting aligned utterances at word boundaries: the words of a character alignment, where the pauses are, and the cut itself.</summary>
public class WordBoundariesTests
{
    // blank, space, e, n, o, s, y
    static readonly CtcAlphabet Alphabet = CtcAlphabet.FromTranscripts(["no yes"]);

    static SpeechAlignment Aligned(params (string Word, int Start)[] words) =>
        new(new CtcAlignment(new int[200], [], 0), words.Select(w => new AlignedWord(w.Word, w.Start, w.Start + 2, 1)).ToArray(), 0.03);

    /// <summary>Loudness −1 (silence) everywhere but +1 over the given [start, end) feature frames.</summary>
    static float[] Loudness(int frames, params (int Start, int End)[] speech)
    {
        var loudness = Enumerable.Repeat(-1f, frames).ToArray();
        foreach (var (start, end) in speech) loudness.AsSpan(start, end - start).Fill(1f);
        return loudness;
    }

    [Fact]
    public void WordsAreTheRunsBetweenSpacesWithTheirFramesAndConfidence()
    {
        int n = Alphabet.Symbols.ToList().IndexOf("n"), o = n + 1, y = Alphabet.Symbols.ToList().IndexOf("y"), e = Alphabet.Symbols.ToList().IndexOf("e"),
            s = Alphabet.Symbols.ToList().IndexOf("s"), space = Alphabet.Symbols.ToList().IndexOf(" ");
        var tokens = new CtcTokenSpan[]
        {
            new(n, 2, 3, Math.Log(0.5)), new(o, 4, 6, 2 * Math.Log(0.5)), new(space, 8, 9, 0),
            new(y, 10, 11, 0), new(e, 12, 13, 0), new(s, 13, 14, Math.Log(0.125)),
        };
        var words = SpeechAlignment.WordsOf(new CtcAlignment(new int[16], tokens, 0), Alphabet);
        Assert.Equal([("no", 2, 6), ("yes", 10, 14)], words.Select(w => (w.Word, w.StartFrame, w.EndFrame)));
        Assert.Equal(0.5, words[0].Confidence, 12);              // three frames at 1/2
        Assert.Equal(0.5, words[1].Confidence, 12);              // 1 · 1 · 1/8 over three frames
    }

    [Fact]
    public void CutsFallInThePausesEvenWhenTheSpikesComeLate()
    {
        // Words spoken at feature frames 20–40, 60–80 and 100–120 of 150; the model's spikes come 12 frames into each.
        var loudness = Loudness(150, (20, 40), (60, 80), (100, 120));
        var alignment = Aligned(("no", 32 / 2), ("yes", 72 / 2), ("no", 112 / 2));
        var cuts = WordBoundaries.Find(alignment, loudness, stack: 2);
        Assert.NotNull(cuts);
        // Each quiet run is shortened by the smoothing's half-width at both ends (the pauses to 41–58 and 81–98, the
        // leading silence to 0–18, the trailing to 121–149); the cuts are their middles.
        Assert.Equal([9, 50, 90, 136], cuts);
    }

    [Fact]
    public void NoCutWhenAStretchHasNoPause()
    {
        // The second and third words run together: nothing quiet between the second's spike and the third's.
        var loudness = Loudness(150, (20, 40), (60, 120));
        Assert.Null(WordBoundaries.Find(Aligned(("no", 16), ("yes", 36), ("no", 56)), loudness, stack: 2));
        Assert.Null(WordBoundaries.Find(Aligned(("no", 16)), new float[150], stack: 2));   // no loudness contrast at all
        Assert.Null(WordBoundaries.Find(Aligned(), loudness, stack: 2));
    }

    static Utterance Numbered(int frames, int dims, string transcript)
    {
        Assert.True(Alphabet.TryEncode(transcript, out var labels, out _));
        return new Utterance("u", transcript, Enumerable.Range(0, frames * dims).Select(i => (float)(i / dims)).ToArray(), frames, labels);
    }

    [Fact]
    public void ACutKeepsTheEdgesAndTheChosenWordsFrames()
    {
        var u = Numbered(30, 2, "no yes no");
        string[] words = ["no", "yes", "no"];
        int[] cuts = [3, 10, 18, 26];
        var middle = u.Cut(words, cuts, 1, 1, Alphabet, stack: 1)!;
        Assert.Equal("yes", middle.Transcript);
        Assert.Equal([0, 1, 2, .. Enumerable.Range(10, 8), 26, 27, 28, 29], middle.Features.Where((_, i) => i % 2 == 0).Select(v => (int)v));
        Assert.Equal(15, middle.Frames);
        Assert.True(Alphabet.TryEncode("yes", out var yes, out _));
        Assert.Equal(yes, middle.Labels);

        var head = u.Cut(words, cuts, 0, 2, Alphabet, stack: 1)!;
        Assert.Equal("no yes", head.Transcript);
        Assert.Equal([.. Enumerable.Range(0, 18), 26, 27, 28, 29], head.Features.Where((_, i) => i % 2 == 0).Select(v => (int)v));
        var tail = u.Cut(words, cuts, 2, 1, Alphabet, stack: 1)!;
        Assert.Equal([0, 1, 2, .. Enumerable.Range(18, 12)], tail.Features.Where((_, i) => i % 2 == 0).Select(v => (int)v));
        Assert.Same(u, u.Cut(words, cuts, 0, 3, Alphabet, stack: 1));
    }

    [Fact]
    public void ACutTooShortForItsWordsOrMisdescribedIsRefused()
    {
        var u = Numbered(30, 1, "no yes no");
        string[] words = ["no", "yes", "no"];
        // "yes" needs three model frames; with 4 feature frames per model frame, 9 feature frames give only three, 7 give two.
        Assert.NotNull(u.Cut(words, [0, 10, 19, 30], 1, 1, Alphabet, stack: 4));
        Assert.Null(u.Cut(words, [0, 10, 17, 30], 1, 1, Alphabet, stack: 4));
        Assert.Throws<ArgumentException>(() => u.Cut(words, [0, 10, 30], 1, 1, Alphabet, stack: 1));
        Assert.Throws<ArgumentException>(() => u.Cut(words, [0, 18, 10, 30], 1, 1, Alphabet, stack: 1));
        Assert.Throws<ArgumentException>(() => u.Cut(words, [0, 10, 18, 31], 1, 1, Alphabet, stack: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => u.Cut(words, [0, 10, 18, 30], 2, 2, Alphabet, stack: 1));
    }
}
