using System.Numerics.Tensors;

namespace Recur.Optim;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019): p ← p · (1 − lr·λ), then the Adam step on the
/// raw gradient, as PyTorch 1.13's <c>torch.optim.AdamW</c>. Its default λ is 0.01.
/// </summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9,
    double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2)
    : Adam(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
{
    private protected override ReadOnlySpan<float> ApplyWeightDecay(Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        TensorPrimitives.Multiply(parameter, (float)(1 - LearningRate * WeightDecay), parameter);
        return gradient;
    }
}
