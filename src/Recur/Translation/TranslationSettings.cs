using Recur.LanguageModels;
using Recur.Seq2Seq;
using Recur.Training;
using static Recur.Training.SettingRules;

namespace Recur.Translation;

/// <summary>
/// Everything that defines a translation training run, stored in the checkpoint's <c>settings</c> section, and the
/// table (<see cref="Table"/>) mapping each field to its <c>recur translate train</c> flag. The defaults are the
/// Multi30k German→English recipe: words, a bidirectional GRU encoder of 2×256 and a GRU decoder of 512 with Bahdanau
/// attention (the peer's model), then a tied readout of 256 (five times cheaper than projecting the 1,280 features onto
/// the vocabulary) and label smoothing 0.1; <see cref="Dates"/> is the recipe of the built-in date task, used when no
/// texts are given. Budget fields count the whole run.
/// </summary>
public sealed record TranslationSettings
{
    public string? Src { get; init; }
    public string? Tgt { get; init; }
    public string? ValidSrc { get; init; }
    public string? ValidTgt { get; init; }
    public SubwordMode Bpe { get; init; } = SubwordMode.None;
    public int VocabSize { get; init; } = 8000;
    public TokenLevel Level { get; init; } = TokenLevel.Word;
    public int MinCount { get; init; } = 2;
    public int MaxLength { get; init; } = 100;

    public CellKind Cell { get; init; } = CellKind.Gru;
    public AttentionKind Attention { get; init; } = AttentionKind.Bahdanau;
    public BridgeKind Bridge { get; init; } = BridgeKind.Linear;
    public int Embedding { get; init; } = 256;
    public int Hidden { get; init; } = 512;
    public int EncoderLayers { get; init; } = 1;
    public bool Bidirectional { get; init; } = true;
    public float Dropout { get; init; } = 0.3f;
    public int Readout { get; init; } = 256;
    public bool Tie { get; init; } = true;
    public float LabelSmoothing { get; init; } = 0.1f;

    public double TeacherForcing { get; init; } = 1;
    public SamplingDecay SamplingDecay { get; init; } = SamplingDecay.Constant;
    public double DecayRate { get; init; }
    public double MinTeacherForcing { get; init; }

    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double Clip { get; init; } = 1;
    public ulong Seed { get; init; } = 1337;
    public int DatePairs { get; init; } = 20_000;

    public int EvalBeam { get; init; } = 1;
    public int EvalEvery { get; init; } = 500;
    public int? Steps { get; init; }
    public double? Minutes { get; init; }
    public int? Epochs { get; init; }
    public int? Threads { get; init; }

    /// <summary>The time budget when none is given.</summary>
    public const double DefaultMinutes = 30;

    public TrainingBudget Budget => new(Steps, Epochs, Minutes);

    /// <summary>
    /// The built-in task's recipe: characters in and out, a small bidirectional GRU with Bahdanau attention, three
    /// minutes, evaluated often (its held-out part is small and decoding it is cheap).
    /// </summary>
    public static TranslationSettings Dates { get; } = new()
    {
        Level = TokenLevel.Char, MinCount = 1, Embedding = 32, Hidden = 128, Dropout = 0, Readout = 0, Tie = false, LabelSmoothing = 0,
        BatchSize = 64, LearningRate = 3e-3, EvalEvery = 250, Minutes = 3,
    };

    public Seq2SeqConfig ModelConfig(int sourceVocabulary, int targetVocabulary) =>
        new(sourceVocabulary, targetVocabulary, Cell, Embedding, Hidden, EncoderLayers, Bidirectional, Attention, Bridge, Dropout, Readout, Tie);

    public TeacherForcingSchedule TeacherForcingSchedule => new(SamplingDecay, TeacherForcing, DecayRate, MinTeacherForcing);


    /// <summary>One row per flag of <c>recur translate train</c> that sets a field of the run.</summary>
    public static SettingsTable<TranslationSettings> Table { get; } = new(
    [
        new Setting<TranslationSettings, string?>("--src", "Source-language training text, one sentence a line. Default: the built-in date task.",
            s => s.Src, (s, v) => s with { Src = v }, scope: SettingScope.Resumable),
        new Setting<TranslationSettings, string?>("--tgt", "Target-language training text, line k translating line k of --src.",
            s => s.Tgt, (s, v) => s with { Tgt = v }, scope: SettingScope.Resumable),
        new Setting<TranslationSettings, string?>("--valid-src", "Source side of the validation set (selects the best checkpoint by BLEU).",
            s => s.ValidSrc, (s, v) => s with { ValidSrc = v }, scope: SettingScope.Resumable),
        new Setting<TranslationSettings, string?>("--valid-tgt", "Target side of the validation set.",
            s => s.ValidTgt, (s, v) => s with { ValidTgt = v }, scope: SettingScope.Resumable),
        new Setting<TranslationSettings, SubwordMode>("--bpe", "Byte-pair pieces: joint (one model for both languages), separate, or none (then --level).",
            s => s.Bpe, (s, v) => s with { Bpe = v }),
        new Setting<TranslationSettings, int>("--vocab-size", "Pieces in each byte-pair model.", s => s.VocabSize, (s, v) => s with { VocabSize = v }, v => AtLeast(v, 300)),
        new Setting<TranslationSettings, TokenLevel>("--level", "Tokens without --bpe: words or characters.", s => s.Level, (s, v) => s with { Level = v }),
        new Setting<TranslationSettings, int>("--min-count", "Tokens seen fewer times in training become <unk>.", s => s.MinCount, (s, v) => s with { MinCount = v }, v => AtLeast(v, 1)),
        new Setting<TranslationSettings, int>("--max-length", "Training pairs with more tokens than this on either side are left out (and counted).",
            s => s.MaxLength, (s, v) => s with { MaxLength = v }, v => AtLeast(v, 1)),
        new Setting<TranslationSettings, CellKind>("--cell", "Recurrent cell of encoder and decoder: gru, lstm or rnn.", s => s.Cell, (s, v) => s with { Cell = v },
            v => v.IsRecurrent() ? null : "must be rnn, lstm or gru (the decoder steps a recurrent cell)"),
        new Setting<TranslationSettings, AttentionKind>("--attention", "Attention: bahdanau, luong-dot, luong-general, luong-concat, or none (a fixed context vector).",
            s => s.Attention, (s, v) => s with { Attention = v }),
        new Setting<TranslationSettings, BridgeKind>("--bridge", "Decoder's first state: linear (tanh of a layer over the mean encoder output), zeros, or copy (the encoder's final state).",
            s => s.Bridge, (s, v) => s with { Bridge = v }),
        new Setting<TranslationSettings, int>("--embedding", "Embedding size of both languages.", s => s.Embedding, (s, v) => s with { Embedding = v }, v => AtLeast(v, 1)),
        new Setting<TranslationSettings, int>("--hidden", "Decoder units; the encoder's outputs have as many (half a direction when bidirectional).",
            s => s.Hidden, (s, v) => s with { Hidden = v }, v => AtLeast(v, 2)),
        new Setting<TranslationSettings, int>("--encoder-layers", "Stacked encoder layers.", s => s.EncoderLayers, (s, v) => s with { EncoderLayers = v }, v => AtLeast(v, 1)),
        new Setting<TranslationSettings, bool>("--bidirectional", "Read the source in both directions.", s => s.Bidirectional, (s, v) => s with { Bidirectional = v }),
        new Setting<TranslationSettings, float>("--dropout", "Dropout on embeddings, between encoder layers and on the readout.", s => s.Dropout, (s, v) => s with { Dropout = v },
            v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<TranslationSettings, int>("--readout", "Units of a tanh layer between the decoder's features and the vocabulary (0: none). Luong attention learns faster with 0 and --tie false: its attentional layer already is a readout.",
            s => s.Readout, (s, v) => s with { Readout = v }, v => v >= 0 ? null : "must be 0 or more"),
        new Setting<TranslationSettings, bool>("--tie", "Share the output layer's weight with the target embedding (needs --readout equal to --embedding).",
            s => s.Tie, (s, v) => s with { Tie = v }),
        new Setting<TranslationSettings, float>("--label-smoothing", "Label smoothing ε of the cross-entropy (Szegedy et al. 2016).", s => s.LabelSmoothing,
            (s, v) => s with { LabelSmoothing = v }, v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<TranslationSettings, double>("--teacher-forcing", "Probability of feeding the reference token at the start of training (1: always).",
            s => s.TeacherForcing, (s, v) => s with { TeacherForcing = v }, Fraction),
        new Setting<TranslationSettings, SamplingDecay>("--sampling-decay", "Scheduled sampling: how the teacher-forcing ratio decays per step: constant, linear, exponential or inverse-sigmoid.",
            s => s.SamplingDecay, (s, v) => s with { SamplingDecay = v }),
        new Setting<TranslationSettings, double>("--decay-rate", "The decay's parameter: the slope per step (linear), the factor per step (exponential), k (inverse-sigmoid).",
            s => s.DecayRate, (s, v) => s with { DecayRate = v }, v => v >= 0 && double.IsFinite(v) ? null : "must be 0 or more"),
        new Setting<TranslationSettings, double>("--min-teacher-forcing", "The ratio never decays below this.", s => s.MinTeacherForcing,
            (s, v) => s with { MinTeacherForcing = v }, Fraction),
        new Setting<TranslationSettings, int>("--batch-size", "Sentence pairs per batch (bucketed by length).", s => s.BatchSize, (s, v) => s with { BatchSize = v }, v => AtLeast(v, 1)),
        new Setting<TranslationSettings, double>("--lr", "Adam's learning rate.", s => s.LearningRate, (s, v) => s with { LearningRate = v }, Positive),
        new Setting<TranslationSettings, double>("--clip", "Clip the gradient's global L2 norm to this value.", s => s.Clip, (s, v) => s with { Clip = v }, Positive),
        new Setting<TranslationSettings, ulong>("--seed", "Seed for weights, dropout, batch order, sampling and the built-in task.", s => s.Seed, (s, v) => s with { Seed = v }),
        new Setting<TranslationSettings, int>("--date-pairs", "Training pairs of the built-in date task.", s => s.DatePairs, (s, v) => s with { DatePairs = v }, v => AtLeast(v, 100)),
        new Setting<TranslationSettings, int>("--eval-beam", "Beam size of the validation translations that BLEU is measured on (1: greedy).",
            s => s.EvalBeam, (s, v) => s with { EvalBeam = v }, v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<TranslationSettings, int>("--eval-every", "Evaluate (loss, BLEU) and write a checkpoint every this many steps.", s => s.EvalEvery, (s, v) => s with { EvalEvery = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<TranslationSettings, int?>("--steps", "Stop after this many optimiser steps in total.", s => s.Steps, (s, v) => s with { Steps = v }, v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<TranslationSettings, double?>("--minutes", $"Stop after this many minutes of training in total. Default: {DefaultMinutes} (the built-in task: 3) when no other budget is given.",
            s => s.Minutes, (s, v) => s with { Minutes = v }, v => v is null ? null : Positive(v.Value), SettingScope.Resumable),
        new Setting<TranslationSettings, int?>("--epochs", "Stop after this many passes over the training pairs.", s => s.Epochs, (s, v) => s with { Epochs = v }, v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<TranslationSettings, int?>("--threads", "Threads the kernels may use. Default: all processors.", s => s.Threads, (s, v) => s with { Threads = v },
            v => AtLeast(v, 1), SettingScope.Invocation),
    ]);
}
