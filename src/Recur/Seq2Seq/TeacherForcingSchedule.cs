namespace Recur.Seq2Seq;

/// <summary>
/// The probability ε_i of feeding the reference token (rather than the model's own sample) at training step i:
/// 1 throughout is plain teacher forcing; a fixed ε₀ &lt; 1 is a teacher-forcing ratio; a decay is scheduled
/// sampling (Bengio et al. 2015), which starts from the reference and moves towards the model's own outputs, as at
/// inference, to reduce exposure bias. <paramref name="Rate"/> is c for linear decay (per step), k for exponential
/// (the per-step factor) and for inverse-sigmoid (the step scale; ε is about ½ at step k·ln k).
/// </summary>
public sealed record TeacherForcingSchedule(SamplingDecay Decay = SamplingDecay.Constant, double Start = 1.0, double Rate = 0, double Minimum = 0)
{
    /// <summary>Teacher forcing at every step.</summary>
    public static TeacherForcingSchedule Always { get; } = new();

    public double Ratio(long step)
    {
        double ratio = Decay switch
        {
            SamplingDecay.Linear => Start - Rate * step,
            SamplingDecay.Exponential => Start * Math.Pow(Rate, step),
            SamplingDecay.InverseSigmoid => Rate / (Rate + Math.Exp(step / Rate)),
            _ => Start,
        };
        return Math.Clamp(Math.Max(Minimum, ratio), 0, 1);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value that does not fit <see cref="Decay"/>.</summary>
    public void Validate()
    {
        if (Start is < 0 or > 1 || double.IsNaN(Start)) throw new ArgumentOutOfRangeException(nameof(Start), Start, "The starting ratio must lie in [0, 1].");
        if (Minimum is < 0 or > 1 || double.IsNaN(Minimum)) throw new ArgumentOutOfRangeException(nameof(Minimum), Minimum, "The minimum ratio must lie in [0, 1].");
        string? problem = Decay switch
        {
            SamplingDecay.Linear when !(Rate >= 0 && double.IsFinite(Rate)) => "Linear decay needs a slope c ≥ 0 per step.",
            SamplingDecay.Exponential when Rate is not (> 0 and <= 1) => "Exponential decay needs a factor k in (0, 1].",
            SamplingDecay.InverseSigmoid when !(Rate >= 1 && double.IsFinite(Rate)) => "Inverse-sigmoid decay needs k ≥ 1.",
            _ => null,
        };
        if (problem is not null) throw new ArgumentOutOfRangeException(nameof(Rate), Rate, problem);
    }
}
