namespace Recur.LanguageModels;

/// <summary>The learning-rate schedule of a language-model run.</summary>
public enum LrSchedule { Constant, Cosine }
