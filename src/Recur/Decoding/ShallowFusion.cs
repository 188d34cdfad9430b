namespace Recur.Decoding;

/// <summary>
/// Shallow fusion (Gülçehre et al. 2015): a step model whose log-probabilities are those of the translation (or
/// acoustic) model plus λ times those of a language model over the same vocabulary, log p_TM + λ · log p_LM, each
/// part stepped and reordered with its own state. The language model is any step model: a neural LM directly, an
/// n-gram LM through <see cref="ScorerStepModel{TState}"/>. Attention is the first model's.
/// </summary>
public sealed class ShallowFusion<TModel, TLanguageModel> : IStepModel<(TModel Model, TLanguageModel LanguageModel)>
{
    readonly IStepModel<TModel> model;
    readonly IStepModel<TLanguageModel> languageModel;
    float[] lmLogProbs = [];

    public ShallowFusion(IStepModel<TModel> model, IStepModel<TLanguageModel> languageModel, double weight)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(languageModel);
        if (model.VocabularySize != languageModel.VocabularySize)
            throw new ArgumentException($"The language model's vocabulary ({languageModel.VocabularySize}) differs from the model's ({model.VocabularySize}).", nameof(languageModel));
        if (!double.IsFinite(weight)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The fusion weight must be finite.");
        (this.model, this.languageModel, Weight) = (model, languageModel, weight);
    }

    /// <summary>λ, the language model's weight.</summary>
    public double Weight { get; }

    public int VocabularySize => model.VocabularySize;

    public bool HasAttention => model.HasAttention;

    public (TModel Model, TLanguageModel LanguageModel) Step((TModel Model, TLanguageModel LanguageModel) state, ReadOnlySpan<int> tokens,
        Span<float> logProbs, Span<float> attention)
    {
        if (lmLogProbs.Length != logProbs.Length) lmLogProbs = new float[logProbs.Length];
        var next = model.Step(state.Model, tokens, logProbs, attention);
        var nextLm = languageModel.Step(state.LanguageModel, tokens, lmLogProbs, default);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(lmLogProbs, (float)Weight, logProbs, logProbs);
        return (next, nextLm);
    }

    public (TModel Model, TLanguageModel LanguageModel) Select((TModel Model, TLanguageModel LanguageModel) state, ReadOnlySpan<int> rows) =>
        (model.Select(state.Model, rows), languageModel.Select(state.LanguageModel, rows));
}
