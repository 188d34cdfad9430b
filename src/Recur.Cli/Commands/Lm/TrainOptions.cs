using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>The learning-rate schedule over training steps.</summary>
public enum LrSchedule { Constant, Cosine }

/// <summary>
/// The options of <c>recur lm train</c>, one field per flag. Fields that define the run (architecture, data,
/// optimisation, seed) are null when the flag was not given: a new run then takes <see cref="TrainSettings.Defaults"/>,
/// a resumed run takes the checkpoint's value, and a given value that differs from the checkpoint's is an error.
/// </summary>
public sealed record TrainOptions
{
    public string? Text { get; init; }
    public string? Out { get; init; }
    public string? Resume { get; init; }
    public bool Overwrite { get; init; }

    public CellKind? Cell { get; init; }
    public int? Layers { get; init; }
    public int? Hidden { get; init; }
    public int? Embedding { get; init; }
    public float? Dropout { get; init; }
    public int? SeqLength { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }
    public LrSchedule? Schedule { get; init; }
    public int? Warmup { get; init; }
    public double? Clip { get; init; }
    public ulong? Seed { get; init; }
    public double? ValFraction { get; init; }
    public int? CorpusSize { get; init; }

    /// <summary>Wall-clock budget of this invocation; with neither budget given, 2 minutes.</summary>
    public double? Minutes { get; init; }
    /// <summary>Total optimiser steps, counting those before a resume.</summary>
    public int? Steps { get; init; }
    public int EvalEvery { get; init; } = 200;
    public int? Threads { get; init; }
    public int SampleLength { get; init; } = 300;

    public const string DefaultOut = "runs/charlm";
}
