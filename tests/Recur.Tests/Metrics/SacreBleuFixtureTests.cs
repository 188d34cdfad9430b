using System.Text.Json;
using Recur.Metrics;

namespace Recur.Tests.Metrics;

/// <summary>
/// Every score sacreBLEU 2.6.0 printed for the committed hypothesis/reference cases (Fixtures/sacrebleu/SOURCE.md):
/// the printed line and signature character for character, the score bit for bit.
/// </summary>
public class SacreBleuFixtureTests
{
    static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "sacrebleu");

    public static TheoryData<int> Rows()
    {
        var rows = new TheoryData<int>();
        int count = File.ReadAllLines(Path.Combine(Folder, "expected.jsonl")).Length;
        for (int i = 0; i < count; i++) rows.Add(i);
        return rows;
    }

    static JsonElement Row(int index) => JsonDocument.Parse(File.ReadAllLines(Path.Combine(Folder, "expected.jsonl"))[index]).RootElement;

    static string[] Lines(string file)
    {
        string text = File.ReadAllText(Path.Combine(Folder, file));
        return text.EndsWith('\n') ? text[..^1].Split('\n') : text.Split('\n');
    }

    static (string[] Hypotheses, string[][] References) Case(string name)
    {
        var refs = Directory.GetFiles(Folder, name + ".ref*").Order(StringComparer.Ordinal).Select(f => Lines(Path.GetFileName(f))).ToArray();
        return (Lines(name + ".hyp"), refs);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void MatchesSacreBleu(int index)
    {
        var row = Row(index);
        var (hyps, refs) = Case(row.GetProperty("case").GetString()!);
        var options = row.GetProperty("options");
        bool Flag(string name) => options.TryGetProperty(name, out var v) && v.GetBoolean();
        switch (row.GetProperty("metric").GetString())
        {
            case "bleu":
            {
                var smoothing = options.TryGetProperty("smooth_method", out var s) ? s.GetString() switch
                {
                    "floor" => BleuSmoothing.Floor,
                    "none" => BleuSmoothing.None,
                    "add-k" => BleuSmoothing.AddK,
                    _ => BleuSmoothing.Exp,
                } : BleuSmoothing.Exp;
                var bleu = new Bleu(new BleuOptions { Smoothing = smoothing, Lowercase = Flag("lowercase") });
                var score = bleu.Corpus(hyps, refs);
                Assert.Equal(row.GetProperty("line").GetString(), score.ToString());
                Assert.Equal(row.GetProperty("signature").GetString(), bleu.Signature(refs.Length));
                AssertClose(row.GetProperty("score").GetDouble(), score.Score);
                break;
            }
            case "chrf":
            {
                int wordOrder = options.TryGetProperty("word_order", out var w) ? w.GetInt32() : 0;
                var chrf = new ChrF(new ChrFOptions { WordOrder = wordOrder, Lowercase = Flag("lowercase") });
                var score = chrf.Corpus(hyps, refs);
                Assert.Equal(row.GetProperty("line").GetString(), score.ToString());
                Assert.Equal(row.GetProperty("signature").GetString(), chrf.Signature(refs.Length));
                AssertClose(row.GetProperty("score").GetDouble(), score.Score);
                break;
            }
            case "sentence_bleu":
            {
                var bleu = new Bleu(new BleuOptions { EffectiveOrder = Flag("effective_order") });
                var expected = row.GetProperty("scores_first_20").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.Equal(Math.Min(20, hyps.Length), expected.Length);
                for (int i = 0; i < expected.Length; i++)
                {
                    double ours = bleu.Sentence(hyps[i], refs.Select(r => r[i]).ToArray()).Score;
                    // Python's round(x, 4) is the double nearest the correctly rounded decimal, which is what parsing gives.
                    Assert.True(expected[i] == double.Parse(PythonText.Fixed(ours, 4), System.Globalization.CultureInfo.InvariantCulture),
                        $"sentence {i}: expected {expected[i]}, got {ours}");
                }
                break;
            }
            default:
                Assert.Fail("unknown metric " + row.GetProperty("metric").GetString());
                break;
        }
    }

    static void AssertClose(double expected, double actual) =>
        Assert.True(expected == actual, $"expected {expected:R}, got {actual:R}");
}
