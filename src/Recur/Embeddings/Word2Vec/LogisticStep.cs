using System.Numerics.Tensors;

namespace Recur.Embeddings.Word2Vec;

/// <summary>
/// The inner step of negative sampling and hierarchical softmax (Mikolov et al. 2013b, eq. 4): for an output vector
/// o, the hidden vector h and a label of 1 (the true word, or branch 1) or 0 (a noise word, or branch 0), with
/// α = lr·(label − σ(o·h)): grad += α·o, then o += α·h. Returns the logistic loss −log σ or −log(1 − σ). σ and log
/// come from the look-up table; spans in, the two updated vectors last; <see cref="Reference"/> is the plain loop.
/// </summary>
internal static class LogisticStep
{
    public static float Apply(ReadOnlySpan<float> hidden, float label, float lr, Span<float> output, Span<float> grad)
    {
        var table = SigmoidTable.Shared;
        float score = table.Sigmoid(TensorPrimitives.Dot(output, hidden));
        float alpha = lr * (label - score);
        TensorPrimitives.MultiplyAdd(output, alpha, grad, grad);
        TensorPrimitives.MultiplyAdd(hidden, alpha, output, output);
        return -table.Log(label > 0 ? score : 1 - score);
    }

    public static float Reference(ReadOnlySpan<float> hidden, float label, float lr, Span<float> output, Span<float> grad)
    {
        var table = SigmoidTable.Shared;
        float dot = 0;
        for (int i = 0; i < hidden.Length; i++) dot += output[i] * hidden[i];
        float score = table.Sigmoid(dot);
        float alpha = lr * (label - score);
        for (int i = 0; i < hidden.Length; i++) grad[i] += alpha * output[i];
        for (int i = 0; i < hidden.Length; i++) output[i] += alpha * hidden[i];
        return -table.Log(label > 0 ? score : 1 - score);
    }
}
