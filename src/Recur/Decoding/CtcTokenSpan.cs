namespace Recur.Decoding;

/// <summary>
/// One label of an aligned labelling and the frames [<see cref="Start"/>, <see cref="End"/>) the path spends on it;
/// <see cref="LogProb"/> sums those frames' log-probabilities (exp of its mean per frame is a confidence in (0, 1]).
/// </summary>
public readonly record struct CtcTokenSpan(int Token, int Start, int End, double LogProb)
{
    public int Length => End - Start;
}
