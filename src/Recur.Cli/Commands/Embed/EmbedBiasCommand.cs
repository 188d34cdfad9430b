using System.CommandLine;
using System.Text.Json;
using Recur.Embeddings;
using Recur.Embeddings.Bias;
using Recur.Embeddings.Formats;

namespace Recur.Cli.Commands.Embed;

/// <summary>
/// `recur embed bias`: the gender direction of Bolukbasi et al. (2016) from the definitional pairs, occupations'
/// projections on it, the direct bias, WEAT effect sizes (Caliskan et al. 2017), and the same figures after hard
/// debiasing (neutralise and equalise); optionally the debiased vectors.
/// </summary>
internal static class EmbedBiasCommand
{
    public static Command Create()
    {
        var vectors = VectorsInput.Option();
        var occupations = new Option<string[]>("--occupation") { Description = "Neutral words to measure (repeatable; default: a built-in list of 50 occupations)." };
        var top = new Option<int>("--top") { Description = "How many of the most female- and male-leaning occupations to list.", DefaultValueFactory = _ => 8 };
        var debiased = new Option<string?>("--debiased-out") { Description = "Write the hard-debiased (unit-length) vectors here (.vec or .bin)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("bias", "Measure gender bias (direction, occupation projections, direct bias, WEAT) before and after hard debiasing.")
            { vectors, occupations, top, debiased, json };
        LmCommand.SetGuardedAction(command, (parse, output, _) =>
        {
            string path = parse.GetValue(vectors)!;
            var unit = VectorsInput.Load(path).Normalized();
            GenderDirection g;
            try { g = GenderDirection.Compute(unit, BiasWordLists.DefinitionalPairs); }
            catch (ArgumentException e) { throw new UserInputException($"{path}: {e.Message}"); }
            var neutral = parse.GetValue(occupations) is { Length: > 0 } given ? given : BiasWordLists.Occupations.ToArray();
            var after = HardDebias.Apply(unit, g.Direction, BiasWordLists.GenderSpecific, BiasWordLists.EqualizePairs);
            var projections = neutral.Select(w => (Word: w, Before: g.Projection(unit, w), After: g.Projection(after, w)))
                .Where(p => p.Before.HasValue).OrderByDescending(p => p.Before).ToArray();
            var weat = BiasWordLists.WeatTests.Select(t => (Before: Weat.EffectSize(unit, t), After: Weat.EffectSize(after, t))).ToArray();
            double gapBefore = EqualizeGap(unit, neutral), gapAfter = EqualizeGap(after, neutral);
            if (parse.GetValue(debiased) is { } outPath)
            {
                try { WordVectorsFile.Save(outPath, after); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UserInputException($"{outPath}: cannot be written ({e.Message})"); }
            }
            double biasBefore = g.DirectBias(unit, neutral), biasAfter = g.DirectBias(after, neutral);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    vectors = path, pairs_used = g.PairsUsed, variance_share = g.VarianceShare,
                    direct_bias = new { before = Finite(biasBefore), after = Finite(biasAfter), words = projections.Length },
                    equalize_gap = new { before = Finite(gapBefore), after = Finite(gapAfter) },
                    projections = projections.Select(p => new { word = p.Word, before = p.Before, after = p.After }).ToArray(),
                    weat = weat.Select(w => new { name = w.Before.Name, before = Finite(w.Before.EffectSize), after = Finite(w.After.EffectSize), p_before = Finite(w.Before.PValue), p_after = Finite(w.After.PValue), found = new[] { w.Before.FoundX, w.Before.FoundY, w.Before.FoundA, w.Before.FoundB } }).ToArray(),
                }));
                return 0;
            }
            int k = Math.Max(1, parse.GetValue(top));
            output.WriteLine($"{path}: gender direction from {g.PairsUsed} of {BiasWordLists.DefinitionalPairs.Count} definitional pairs; first component holds {g.VarianceShare * 100:F1}% of their variance");
            output.WriteLine($"direct bias over {projections.Length} of {neutral.Length} neutral words: {biasBefore:F4} before, {biasAfter:F4} after hard debiasing");
            output.WriteLine($"equalise pairs' mean |cos(f, w) − cos(m, w)| over those words: {gapBefore:F4} before, {gapAfter:F4} after");
            output.WriteLine("most female-leaning (cos with she−he direction, before → after):");
            foreach (var p in projections.Take(k)) output.WriteLine($"  {p.Word,-16} {p.Before,7:F3} → {p.After,7:F3}");
            output.WriteLine("most male-leaning:");
            foreach (var p in projections.Reverse().Take(k)) output.WriteLine($"  {p.Word,-16} {p.Before,7:F3} → {p.After,7:F3}");
            foreach (var (before, afterResult) in weat)
                output.WriteLine($"WEAT {before.Name,-42} d {Show(before.EffectSize)} (p {Show(before.PValue)}) → {Show(afterResult.EffectSize)} (p {Show(afterResult.PValue)})  (words found {before.FoundX}/{before.FoundY}/{before.FoundA}/{before.FoundB} of 8 each)");
            return 0;
        });
        return command;
    }

    /// <summary>How unequally the equalise pairs sit relative to the neutral words: mean |cos(f, w) − cos(m, w)|.</summary>
    static double EqualizeGap(WordVectors unit, IReadOnlyList<string> neutral)
    {
        var gaps = new List<double>();
        var neutralIds = neutral.Select(unit.IndexOf).Where(i => i >= 0).ToArray();
        foreach (var (female, male) in BiasWordLists.EqualizePairs)
        {
            int f = unit.IndexOf(female), m = unit.IndexOf(male);
            if (f < 0 || m < 0) continue;
            foreach (int w in neutralIds) gaps.Add(Math.Abs(unit.Cosine(f, w) - unit.Cosine(m, w)));
        }
        return gaps.Count == 0 ? double.NaN : gaps.Average();
    }

    static double? Finite(double x) => double.IsFinite(x) ? x : null;

    static string Show(double x) => double.IsFinite(x) ? $"{x,6:F3}" : "   n/a";
}
