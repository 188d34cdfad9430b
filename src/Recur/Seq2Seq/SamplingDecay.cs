namespace Recur.Seq2Seq;

/// <summary>
/// How the teacher-forcing ratio ε_i falls with training step i under scheduled sampling (Bengio et al. 2015, §2.4):
/// <see cref="Constant"/> ε_i = ε₀; <see cref="Linear"/> ε_i = max(ε_min, ε₀ − c·i); <see cref="Exponential"/>
/// ε_i = max(ε_min, ε₀·kⁱ) with k &lt; 1; <see cref="InverseSigmoid"/> ε_i = max(ε_min, k / (k + exp(i/k))) with k ≥ 1.
/// </summary>
public enum SamplingDecay { Constant, Linear, Exponential, InverseSigmoid }
