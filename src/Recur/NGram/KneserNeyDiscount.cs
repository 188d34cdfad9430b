namespace Recur.NGram;

/// <summary>
/// The three discounts of modified Kneser-Ney for one order: D1 for n-grams seen once, D2 twice, D3+ three or more
/// times (Chen &amp; Goodman 1998, §4.1.6).
/// </summary>
public readonly record struct KneserNeyDiscount(double D1, double D2, double D3Plus)
{
    /// <summary>KenLM's fallback when the counts of counts leave a discount undefined (<c>--discount_fallback</c>).</summary>
    public static KneserNeyDiscount Fallback { get; } = new(0.5, 1.0, 1.5);

    /// <summary>The amount subtracted from an n-gram with (adjusted) count <paramref name="count"/>.</summary>
    public double For(long count) => count switch { <= 0 => 0, 1 => D1, 2 => D2, _ => D3Plus };

    /// <summary>
    /// Chen &amp; Goodman's estimate (their eq. 26) from the numbers n1..n4 of n-grams whose count is 1..4:
    /// Y = n1 / (n1 + 2 n2), Dk = k − (k + 1) Y n(k+1) / nk. Computed in single precision like KenLM, so the
    /// printed discounts agree digit for digit.
    /// </summary>
    /// <exception cref="DiscountUndefinedException">Some nk is zero or a discount falls outside [0, k].</exception>
    public static KneserNeyDiscount Estimate(int order, ReadOnlySpan<long> countsOfCounts)
    {
        for (int k = 1; k <= 3; k++)
        {
            if (countsOfCounts[k] == 0)
                throw new DiscountUndefinedException(
                    $"cannot estimate Kneser-Ney discounts for {order}-grams: no {order}-gram has adjusted count {k}, so D{k} is undefined " +
                    "(the corpus is too small or artificial); use fallback discounts");
        }
        float y = (float)(countsOfCounts[1] / (countsOfCounts[1] + 2.0 * countsOfCounts[2]));
        Span<double> d = stackalloc double[3];
        for (int k = 1; k <= 3; k++)
        {
            float dk = k - (k + 1) * y * countsOfCounts[k + 1] / (float)countsOfCounts[k];
            if (dk < 0 || dk > k)
                throw new DiscountUndefinedException(
                    $"the Kneser-Ney discount D{(k == 3 ? "3+" : k.ToString())} for {order}-grams is {dk}, outside [0, {k}] " +
                    "(the corpus is too small or artificial); use fallback discounts");
            d[k - 1] = dk;
        }
        return new KneserNeyDiscount(d[0], d[1], d[2]);
    }
}

/// <summary>The counts of counts of an order make a Kneser-Ney discount undefined or out of range.</summary>
public sealed class DiscountUndefinedException(string message) : InvalidOperationException(message);
