using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// Everything that defines a character-model training run, stored in the checkpoint's <c>settings</c> section, and
/// the table (<see cref="Table"/>) that maps each field to its <c>recur lm train</c> flag, default, rule and
/// resume scope. <see cref="Text"/> is null for the built-in corpus (then <see cref="CorpusSize"/> and
/// <see cref="Seed"/> regenerate it exactly). <see cref="ScheduleSteps"/> is the cosine schedule's horizon, fixed
/// when the run starts so that a resumed run follows the same curve. The budget fields count the whole run.
/// </summary>
public sealed record CharLmSettings
{
    public string? Text { get; init; }
    public CellKind Cell { get; init; } = CellKind.Lstm;
    public int Layers { get; init; } = 2;
    public int Hidden { get; init; } = 256;
    public int Embedding { get; init; } = 64;
    public float Dropout { get; init; }
    public int SeqLength { get; init; } = 64;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 2e-3;
    public LrSchedule Schedule { get; init; } = LrSchedule.Constant;
    public int Warmup { get; init; }
    public double Clip { get; init; } = 5.0;
    public ulong Seed { get; init; } = 1337;
    public double ValFraction { get; init; } = 0.1;
    public int CorpusSize { get; init; } = 300_000;
    public int? ScheduleSteps { get; init; }

    public int? Steps { get; init; }
    public double? Minutes { get; init; }
    public int? Epochs { get; init; }
    public int EvalEvery { get; init; } = 200;
    public int? Threads { get; init; }

    /// <summary>The time budget when none is given: sized so that the default run learns the built-in corpus visibly on two cores.</summary>
    public const double DefaultMinutes = 2;

    public TrainingBudget Budget => new(Steps, Epochs, Minutes);

    public CharLmConfig ModelConfig(int vocabularySize) => new(Cell, vocabularySize, Embedding, Hidden, Layers, Dropout);

    static string? AtLeast(int value, int min) => value >= min ? null : $"must be at least {min}";
    static string? AtLeast(int? value, int min) => value is null ? null : AtLeast(value.Value, min);
    static string? Positive(double value) => value > 0 && double.IsFinite(value) ? null : "must be a positive number";

    /// <summary>One row per flag of <c>recur lm train</c> that sets a field of the run.</summary>
    public static SettingsTable<CharLmSettings> Table { get; } = new(
    [
        new Setting<CharLmSettings, string?>("--text", "UTF-8 text file to learn (first part trains, last --val-fraction validates). Default: a code-like corpus Recur generates itself.",
            s => s.Text, (s, v) => s with { Text = v }, scope: SettingScope.Resumable),
        new Setting<CharLmSettings, CellKind>("--cell", "Recurrent cell: rnn, lstm or gru.", s => s.Cell, (s, v) => s with { Cell = v }),
        new Setting<CharLmSettings, int>("--layers", "Number of stacked recurrent layers.", s => s.Layers, (s, v) => s with { Layers = v }, v => AtLeast(v, 1)),
        new Setting<CharLmSettings, int>("--hidden", "Hidden units per layer.", s => s.Hidden, (s, v) => s with { Hidden = v }, v => AtLeast(v, 1)),
        new Setting<CharLmSettings, int>("--embedding", "Character embedding size.", s => s.Embedding, (s, v) => s with { Embedding = v }, v => AtLeast(v, 1)),
        new Setting<CharLmSettings, float>("--dropout", "Dropout between layers and before the output layer.", s => s.Dropout, (s, v) => s with { Dropout = v },
            v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<CharLmSettings, int>("--seq-length", "Characters per chunk: back-propagation is truncated after this many steps.", s => s.SeqLength, (s, v) => s with { SeqLength = v }, v => AtLeast(v, 1)),
        new Setting<CharLmSettings, int>("--batch-size", "Parallel text streams (batch rows).", s => s.BatchSize, (s, v) => s with { BatchSize = v }, v => AtLeast(v, 1)),
        new Setting<CharLmSettings, double>("--lr", "Adam learning rate.", s => s.LearningRate, (s, v) => s with { LearningRate = v }, Positive),
        new Setting<CharLmSettings, LrSchedule>("--schedule", "Learning-rate schedule: constant, or cosine (decays to 0 at --steps).", s => s.Schedule, (s, v) => s with { Schedule = v }),
        new Setting<CharLmSettings, int>("--warmup", "Steps of linear learning-rate warmup (0: none).", s => s.Warmup, (s, v) => s with { Warmup = v }, v => AtLeast(v, 0) is null ? null : "must be 0 or more"),
        new Setting<CharLmSettings, double>("--clip", "Clip the gradient's global L2 norm to this value.", s => s.Clip, (s, v) => s with { Clip = v }, Positive),
        new Setting<CharLmSettings, ulong>("--seed", "Seed for initial weights, dropout and the built-in corpus.", s => s.Seed, (s, v) => s with { Seed = v }),
        new Setting<CharLmSettings, double>("--val-fraction", "Fraction of the text, at its end, held out for validation.", s => s.ValFraction, (s, v) => s with { ValFraction = v },
            v => v is > 0 and < 1 ? null : "must lie strictly between 0 and 1"),
        new Setting<CharLmSettings, int>("--corpus-size", "Characters of built-in corpus to generate when no --text is given.", s => s.CorpusSize, (s, v) => s with { CorpusSize = v },
            v => v >= 1_000 ? null : "must be at least 1000 characters"),
        new Setting<CharLmSettings, int?>("--steps", "Stop after this many optimiser steps in total, counting those before a resume.", s => s.Steps, (s, v) => s with { Steps = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<CharLmSettings, double?>("--minutes", $"Stop after this many minutes of training in total, counting those before a resume. Default: {DefaultMinutes} when no other budget is given.",
            s => s.Minutes, (s, v) => s with { Minutes = v }, v => v is null ? null : Positive(v.Value), SettingScope.Resumable),
        new Setting<CharLmSettings, int?>("--epochs", "Stop after this many passes over the training text.", s => s.Epochs, (s, v) => s with { Epochs = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<CharLmSettings, int>("--eval-every", "Evaluate on the validation text and write a checkpoint every this many steps.", s => s.EvalEvery, (s, v) => s with { EvalEvery = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<CharLmSettings, int?>("--threads", "Threads the kernels may use. Default: all processors.", s => s.Threads, (s, v) => s with { Threads = v },
            v => AtLeast(v, 1), SettingScope.Invocation),
    ]);
}
