// A BLEU score with its sufficient statistics, printed the way sacreBLEU prints it.
namespace Recur.Metrics;

/// <summary>
/// BLEU (Papineni et al. 2002) in percent, with the matched and total n-grams per order, the precisions (percent), the
/// brevity penalty and the summed hypothesis and (closest) reference lengths.
/// </summary>
public sealed record BleuScore(
    double Score,
    IReadOnlyList<double> Counts,
    IReadOnlyList<double> Totals,
    IReadOnlyList<double> Precisions,
    double BrevityPenalty,
    long HypothesisLength,
    long ReferenceLength)
{
    /// <summary>Hypothesis length over reference length (0 when the references are empty).</summary>
    public double Ratio => ReferenceLength == 0 ? 0 : (double)HypothesisLength / ReferenceLength;

    /// <summary>sacreBLEU's line: <c>BLEU = 48.89 85.7/66.7/40.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 7 ref_len = 7)</c>.</summary>
    public override string ToString() =>
        $"BLEU = {PythonText.Fixed(Score, 2)} {string.Join('/', Precisions.Select(p => PythonText.Fixed(p, 1)))} " +
        $"(BP = {PythonText.Fixed(BrevityPenalty, 3)} ratio = {PythonText.Fixed(Ratio, 3)} hyp_len = {HypothesisLength} ref_len = {ReferenceLength})";
}
