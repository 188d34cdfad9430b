using Recur.Audio;
using Recur.LanguageModels;
using Recur.Training;
using static Recur.Training.SettingRules;

namespace Recur.Speech;

/// <summary>
/// Everything that defines a recognition training run, stored in the checkpoint's <c>settings</c> section, and the
/// table (<see cref="Table"/>) mapping each field to its <c>recur asr train</c> flag. The defaults are for speech at
/// 16 kHz: 80 log-mel bins every 10 ms, three frames stacked (30 ms per step), a bidirectional LSTM of 3×256 per
/// direction, SpecAugment. <see cref="Tones"/> is the recipe of the built-in task (<see cref="ToneCorpus"/>), used when
/// no manifest is given. Budget fields count the whole run.
/// </summary>
public sealed record AsrSettings
{
    public string? Manifest { get; init; }
    public string? ValidManifest { get; init; }

    public FeatureKind Features { get; init; } = FeatureKind.LogMel;
    public int SampleRate { get; init; } = 16000;
    public int Bins { get; init; } = 80;
    public double WindowMs { get; init; } = 25;
    public double HopMs { get; init; } = 10;
    public FeatureNormalizationScope Normalize { get; init; } = FeatureNormalizationScope.Utterance;

    public int Stack { get; init; } = 3;
    public int Frontend { get; init; }
    public CellKind Cell { get; init; } = CellKind.Lstm;
    public int Layers { get; init; } = 3;
    public int Hidden { get; init; } = 256;
    public bool Bidirectional { get; init; } = true;
    public float Dropout { get; init; } = 0.1f;
    public bool SpecAugment { get; init; } = true;
    public bool SpeedPerturb { get; init; }
    public double CropWords { get; init; }

    public int BatchSize { get; init; } = 16;
    public double LearningRate { get; init; } = 1e-3;
    public double Clip { get; init; } = 1;
    public ulong Seed { get; init; } = 1337;
    public int ToneUtterances { get; init; } = 3000;

    public int EvalEvery { get; init; } = 250;
    public int? Steps { get; init; }
    public double? Minutes { get; init; }
    public int? Epochs { get; init; }
    public int? Threads { get; init; }

    /// <summary>The time budget when none is given.</summary>
    public const double DefaultMinutes = 30;

    public TrainingBudget Budget => new(Steps, Epochs, Minutes);

    /// <summary>
    /// The built-in task's recipe: 8 kHz tones, 40 bins, two frames stacked, a bidirectional LSTM of 2×128, three
    /// minutes, evaluated often.
    /// </summary>
    public static AsrSettings Tones { get; } = new()
    {
        SampleRate = 8000, Bins = 40, Stack = 2, Layers = 2, Hidden = 128, Dropout = 0, SpecAugment = false,
        LearningRate = 2e-3, EvalEvery = 100, Minutes = 3,
    };

    public SpeechFeatures FeatureExtractor() => new(Features, SampleRate, Bins, WindowMs, HopMs);

    public CtcModelConfig ModelConfig(int inputSize, int classes) =>
        new(inputSize, classes, Stack, Frontend, Cell, Layers, Hidden, Bidirectional, Dropout);

    /// <summary>The speeds of each training recording with <see cref="SpeedPerturb"/>: Ko et al. 2015's three.</summary>
    public static IReadOnlyList<double> PerturbedSpeeds { get; } = [0.9, 1.1];

    /// <summary>SpecAugment's masks for these features: two frequency masks of up to 15% of the bins and two time masks of up to 20 frames (at most 20% of the utterance).</summary>
    public SpecAugmentOptions SpecAugmentOptions => new(2, Math.Max(1, Bins * 15 / 100), 2, 20, 0.2);


    /// <summary>One row per flag of <c>recur asr train</c> that sets a field of the run.</summary>
    public static SettingsTable<AsrSettings> Table { get; } = new(
    [
        new Setting<AsrSettings, string?>("--manifest", "Training utterances: a file of 'path<TAB>transcript' lines (paths relative to the file). Default: the built-in tone task.",
            s => s.Manifest, (s, v) => s with { Manifest = v }, scope: SettingScope.Resumable),
        new Setting<AsrSettings, string?>("--valid-manifest", "Validation utterances (select the best checkpoint by WER). Default: the last 5% of --manifest.",
            s => s.ValidManifest, (s, v) => s with { ValidManifest = v }, scope: SettingScope.Resumable),
        new Setting<AsrSettings, FeatureKind>("--features", "Acoustic features: log-mel or mfcc.", s => s.Features, (s, v) => s with { Features = v }),
        new Setting<AsrSettings, int>("--sample-rate", "The model's sample rate in Hz; audio at other rates is resampled.", s => s.SampleRate, (s, v) => s with { SampleRate = v }, v => AtLeast(v, 1000)),
        new Setting<AsrSettings, int>("--bins", "Mel bins (log-mel) or coefficients (mfcc) per frame.", s => s.Bins, (s, v) => s with { Bins = v }, v => AtLeast(v, 1)),
        new Setting<AsrSettings, double>("--window-ms", "Analysis window in milliseconds.", s => s.WindowMs, (s, v) => s with { WindowMs = v }, Positive),
        new Setting<AsrSettings, double>("--hop-ms", "Frame step in milliseconds.", s => s.HopMs, (s, v) => s with { HopMs = v }, Positive),
        new Setting<AsrSettings, FeatureNormalizationScope>("--normalize", "Normalise each feature dimension over the utterance, or over the training corpus (statistics stored with the model).",
            s => s.Normalize, (s, v) => s with { Normalize = v }),
        new Setting<AsrSettings, int>("--stack", "Consecutive frames stacked into one step (subsamples time by this factor, 1–8).", s => s.Stack, (s, v) => s with { Stack = v },
            v => v is >= 1 and <= 8 ? null : "must lie in 1…8"),
        new Setting<AsrSettings, int>("--frontend", "Units of a ReLU layer over the stacked frames before the recurrence (0: none).", s => s.Frontend, (s, v) => s with { Frontend = v },
            v => v >= 0 ? null : "must be 0 or more"),
        new Setting<AsrSettings, CellKind>("--cell", "Sequence layer: lstm, gru or rnn; or, with --bidirectional false, tcn, mingru, minlstm, lru, s4d or mamba.",
            s => s.Cell, (s, v) => s with { Cell = v }, v => v == CellKind.Nplm ? "nplm is a language model's word window, not an acoustic model's layer" : null),
        new Setting<AsrSettings, int>("--layers", "Stacked recurrent layers.", s => s.Layers, (s, v) => s with { Layers = v }, v => AtLeast(v, 1)),
        new Setting<AsrSettings, int>("--hidden", "Units per direction of each recurrent layer.", s => s.Hidden, (s, v) => s with { Hidden = v }, v => AtLeast(v, 1)),
        new Setting<AsrSettings, bool>("--bidirectional", "Read each utterance in both directions.", s => s.Bidirectional, (s, v) => s with { Bidirectional = v }),
        new Setting<AsrSettings, float>("--dropout", "Dropout between recurrent layers and before the output layer.", s => s.Dropout, (s, v) => s with { Dropout = v },
            v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<AsrSettings, bool>("--spec-augment", "Mask random frequency bands and time spans of training features (Park et al. 2019).",
            s => s.SpecAugment, (s, v) => s with { SpecAugment = v }),
        new Setting<AsrSettings, bool>("--speed-perturb", "Also train on each training recording played at 0.9 and 1.1 times its speed (Ko et al. 2015).",
            s => s.SpeedPerturb, (s, v) => s with { SpeedPerturb = v }),
        new Setting<AsrSettings, double>("--crop-words", "Probability that a training utterance is cut to a random run of its words, in the pauses that the model being trained "
            + "aligns between them (its leading and trailing silence kept); only utterances the model already transcribes are cut. Aimed at a position prior, such as every training utterance starting with the same word.",
            s => s.CropWords, (s, v) => s with { CropWords = v }, v => v is >= 0 and <= 1 ? null : "must lie in [0, 1]"),
        new Setting<AsrSettings, int>("--batch-size", "Utterances per batch (bucketed by length).", s => s.BatchSize, (s, v) => s with { BatchSize = v }, v => AtLeast(v, 1)),
        new Setting<AsrSettings, double>("--lr", "Adam's learning rate.", s => s.LearningRate, (s, v) => s with { LearningRate = v }, Positive),
        new Setting<AsrSettings, double>("--clip", "Clip the gradient's global L2 norm to this value.", s => s.Clip, (s, v) => s with { Clip = v }, Positive),
        new Setting<AsrSettings, ulong>("--seed", "Seed for weights, dropout, batch order, SpecAugment and the built-in task.", s => s.Seed, (s, v) => s with { Seed = v }),
        new Setting<AsrSettings, int>("--tone-utterances", "Utterances of the built-in tone task.", s => s.ToneUtterances, (s, v) => s with { ToneUtterances = v }, v => AtLeast(v, 100)),
        new Setting<AsrSettings, int>("--eval-every", "Evaluate (loss, WER, CER) and write a checkpoint every this many steps.", s => s.EvalEvery, (s, v) => s with { EvalEvery = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<AsrSettings, int?>("--steps", "Stop after this many optimiser steps in total.", s => s.Steps, (s, v) => s with { Steps = v }, v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<AsrSettings, double?>("--minutes", $"Stop after this many minutes of training in total. Default: {DefaultMinutes} (the built-in task: 3) when no other budget is given.",
            s => s.Minutes, (s, v) => s with { Minutes = v }, v => v is null ? null : Positive(v.Value), SettingScope.Resumable),
        new Setting<AsrSettings, int?>("--epochs", "Stop after this many passes over the training utterances.", s => s.Epochs, (s, v) => s with { Epochs = v }, v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<AsrSettings, int?>("--threads", "Threads the kernels and the feature extraction may use. Default: all processors.", s => s.Threads, (s, v) => s with { Threads = v },
            v => AtLeast(v, 1), SettingScope.Invocation),
    ]);
}
