using Recur.Training;
using static Recur.Training.SettingRules;

namespace Recur.LanguageModels;

/// <summary>Whether a language model reads characters or words.</summary>
public enum LmLevel { Char, Word }

/// <summary>
/// The optimiser of a language-model run: Adam (Karpathy's char-RNN), plain SGD (Zaremba et al. 2014), or NT-ASGD
/// (Merity et al. 2018): SGD that starts averaging its iterates once validation loss stops improving.
/// </summary>
public enum LmOptimizer { Adam, Sgd, NtAsgd }

/// <summary>
/// Everything that defines a language-model training run (characters or words), stored in the checkpoint's <c>settings</c> section, and
/// the table (<see cref="Table"/>) that maps each field to its <c>recur lm train</c> flag, default, rule and
/// resume scope. <see cref="Text"/> is null for the built-in corpus (then <see cref="CorpusSize"/> and
/// <see cref="Seed"/> regenerate it exactly). <see cref="ScheduleSteps"/> is the cosine schedule's horizon, fixed
/// when the run starts so that a resumed run follows the same curve. The budget fields count the whole run.
/// </summary>
public sealed record LmSettings
{
    public LmLevel Level { get; init; } = LmLevel.Char;
    public string? Text { get; init; }
    public string? Valid { get; init; }
    public CellKind Cell { get; init; } = CellKind.Lstm;
    public int Layers { get; init; } = 2;
    public int Hidden { get; init; } = 256;
    public int Embedding { get; init; } = 64;
    public float Dropout { get; init; }
    public bool Tie { get; init; }
    public int? Context { get; init; }
    public bool Direct { get; init; }
    public AwdRegularization Regularization { get; init; } = AwdRegularization.None;
    public bool VariableLength { get; init; }
    public int SeqLength { get; init; } = 64;
    public int BatchSize { get; init; } = 32;
    public LmOptimizer Optimizer { get; init; } = LmOptimizer.Adam;
    public int NonMonotone { get; init; } = 5;
    public double LearningRate { get; init; } = 2e-3;
    public double LrDecay { get; init; } = 1;
    public int DecayAfter { get; init; }
    public double? InitRange { get; init; }
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

    /// <summary>
    /// Published recipes, applied before the flags given (which override them): <c>zaremba-small</c> and
    /// <c>zaremba-medium</c>, the non-regularised and dropout-regularised PTB models of Zaremba et al. (2014, §4.1).
    /// Their loss is summed over the T steps of a chunk and averaged over the batch; ours is averaged over all T·B
    /// tokens, so their rate 1 and clipping norm 5 become rate T and norm 5/T here, which gives the same updates.
    /// </summary>
    public static IReadOnlyDictionary<string, LmSettings> Presets { get; } = new Dictionary<string, LmSettings>
    {
        ["zaremba-small"] = new()
        {
            Level = LmLevel.Word, Layers = 2, Hidden = 200, Embedding = 200, Dropout = 0, SeqLength = 20, BatchSize = 20,
            Optimizer = LmOptimizer.Sgd, LearningRate = 20, LrDecay = 0.5, DecayAfter = 4, Epochs = 13, Clip = 5.0 / 20, InitRange = 0.1, EvalEvery = 1000,
        },
        ["zaremba-medium"] = new()
        {
            Level = LmLevel.Word, Layers = 2, Hidden = 650, Embedding = 650, Dropout = 0.5f, SeqLength = 35, BatchSize = 20,
            Optimizer = LmOptimizer.Sgd, LearningRate = 35, LrDecay = 0.8, DecayAfter = 6, Epochs = 39, Clip = 5.0 / 35, InitRange = 0.05, EvalEvery = 1000,
        },
    };

    // Plain SGD applies a row-sparse embedding gradient to the looked-up rows only, with the same result as the dense
    // one (a V×E gradient of mostly zeros per step is what dominates a word model's update otherwise). A tied table
    // gets a dense gradient from the output layer anyway.
    public CharLmConfig ModelConfig(int vocabularySize) =>
        new(Cell, vocabularySize, Embedding, Hidden, Layers, Dropout, Tie, SparseEmbedding: Optimizer == LmOptimizer.Sgd && !Tie,
            Regularization: Regularization == AwdRegularization.None ? null : Regularization, Context, Direct);

    /// <summary>The architecture in a few words, e.g. <c>lstm 2×650, embedding 650, tied</c> or <c>nplm 1×300 reading 5 tokens, direct connections, embedding 60</c>.</summary>
    public string ModelSummary =>
        $"{Cell.ToString().ToLowerInvariant()} {Layers}×{Hidden}"
        + (Cell == CellKind.Nplm ? $" reading {Context ?? Nn.NplmNetwork.DefaultContext} tokens" + (Direct ? ", direct connections" : "") : "")
        + $", embedding {Embedding}" + (Tie ? ", tied" : "");

    /// <summary>
    /// The chunk length of each step with <see cref="VariableLength"/> (Merity et al. 2018, §3): T′ ~ N(T, 5) with
    /// probability 0.95 and N(T/2, 5) otherwise, at least 5 and at most twice T, so that chunk boundaries fall at
    /// different places in every epoch.
    /// </summary>
    public int DrawSeqLength(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double mean = generator.NextDouble() < 0.95 ? SeqLength : SeqLength / 2.0;
        return Math.Clamp((int)Math.Round(mean + 5 * generator.NextNormal()), Math.Min(5, SeqLength), 2 * SeqLength);
    }


    /// <summary>One row per flag of <c>recur lm train</c> that sets a field of the run.</summary>
    public static SettingsTable<LmSettings> Table { get; } = new(
    [
        new Setting<LmSettings, LmLevel>("--level", "Model characters or words (words: whitespace-separated, </s> after each line, words unseen in training become <unk>).",
            s => s.Level, (s, v) => s with { Level = v }),
        new Setting<LmSettings, string?>("--text", "UTF-8 text file to learn (first part trains, last --val-fraction validates). Default: a code-like corpus Recur generates itself.",
            s => s.Text, (s, v) => s with { Text = v }, scope: SettingScope.Resumable),
        new Setting<LmSettings, string?>("--valid", "UTF-8 text file to validate on; then all of --text trains and --val-fraction is not used.",
            s => s.Valid, (s, v) => s with { Valid = v }, scope: SettingScope.Resumable),
        new Setting<LmSettings, CellKind>("--cell", "Sequence layer: rnn, lstm, gru, tcn, mingru, minlstm, lru, s4d, mamba, or nplm (Bengio et al. 2003's feed-forward window of --context tokens).",
            s => s.Cell, (s, v) => s with { Cell = v }),
        new Setting<LmSettings, int?>("--context", $"nplm: tokens of context each prediction reads, n − 1 of an n-gram model. Default: {Nn.NplmNetwork.DefaultContext}.",
            s => s.Context, (s, v) => s with { Context = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, bool>("--direct", "nplm: direct connections from the context's embeddings to the output layer (Bengio et al. 2003, eq. 1's W).",
            s => s.Direct, (s, v) => s with { Direct = v }),
        new Setting<LmSettings, int>("--layers", "Number of stacked recurrent layers.", s => s.Layers, (s, v) => s with { Layers = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, int>("--hidden", "Hidden units per layer.", s => s.Hidden, (s, v) => s with { Hidden = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, int>("--embedding", "Embedding size (characters or words).", s => s.Embedding, (s, v) => s with { Embedding = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, float>("--dropout", "Dropout between layers and before the output layer.", s => s.Dropout, (s, v) => s with { Dropout = v },
            v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<LmSettings, bool>("--tie", "Tie the output layer's weight to the input embedding (Press & Wolf 2017; needs --embedding = --hidden).",
            s => s.Tie, (s, v) => s with { Tie = v }),
        new Setting<LmSettings, float>("--embedding-dropout", "Drop whole words from the embedding for a batch (AWD-LSTM's dropoute; Merity et al. 2018: 0.1).",
            s => s.Regularization.EmbeddingDropout, (s, v) => s with { Regularization = s.Regularization with { EmbeddingDropout = v } }, v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<LmSettings, float>("--input-dropout", "Locked dropout (one mask per chunk) on the embeddings the first layer reads (dropouti: 0.65).",
            s => s.Regularization.InputDropout, (s, v) => s with { Regularization = s.Regularization with { InputDropout = v } }, v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<LmSettings, float>("--hidden-dropout", "Locked dropout between recurrent layers (dropouth: 0.3); rnn, lstm and gru.",
            s => s.Regularization.HiddenDropout, (s, v) => s with { Regularization = s.Regularization with { HiddenDropout = v } }, v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<LmSettings, float>("--output-dropout", "Locked dropout on the last layer's output (dropout: 0.4).",
            s => s.Regularization.OutputDropout, (s, v) => s with { Regularization = s.Regularization with { OutputDropout = v } }, v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<LmSettings, float>("--weight-dropout", "DropConnect on the recurrent weights W_hh (wdrop: 0.5); rnn, lstm and gru.",
            s => s.Regularization.WeightDropout, (s, v) => s with { Regularization = s.Regularization with { WeightDropout = v } }, v => v is >= 0f and < 1f ? null : "must lie in [0, 1)"),
        new Setting<LmSettings, double>("--ar", "Activation regularisation: add this times the mean square of the last layer's dropped-out outputs to the loss (α: 2).",
            s => s.Regularization.ActivationPenalty, (s, v) => s with { Regularization = s.Regularization with { ActivationPenalty = v } }, v => v >= 0 ? null : "must be 0 or more"),
        new Setting<LmSettings, double>("--tar", "Temporal activation regularisation: add this times the mean square change of the last layer's outputs between steps (β: 1).",
            s => s.Regularization.TemporalPenalty, (s, v) => s with { Regularization = s.Regularization with { TemporalPenalty = v } }, v => v >= 0 ? null : "must be 0 or more"),
        new Setting<LmSettings, bool>("--variable-length", "Draw each chunk's length around --seq-length (AWD-LSTM's variable-length BPTT), the learning rate scaled by length / --seq-length.",
            s => s.VariableLength, (s, v) => s with { VariableLength = v }),
        new Setting<LmSettings, int>("--seq-length", "Characters per chunk: back-propagation is truncated after this many steps.", s => s.SeqLength, (s, v) => s with { SeqLength = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, int>("--batch-size", "Parallel text streams (batch rows).", s => s.BatchSize, (s, v) => s with { BatchSize = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, LmOptimizer>("--optimizer", "Optimiser: adam; sgd (plain SGD, as Zaremba et al. 2014); or nt-asgd (SGD that averages its weights once validation stalls, Merity et al. 2018; the average is evaluated and kept).", s => s.Optimizer, (s, v) => s with { Optimizer = v }),
        new Setting<LmSettings, int>("--nonmono", "NT-ASGD's patience: averaging starts at the first evaluation whose validation loss is worse than the best of all but the last this many.",
            s => s.NonMonotone, (s, v) => s with { NonMonotone = v }, v => AtLeast(v, 1)),
        new Setting<LmSettings, double>("--lr", "Learning rate.", s => s.LearningRate, (s, v) => s with { LearningRate = v }, Positive),
        new Setting<LmSettings, double>("--lr-decay", "Multiply the learning rate by this at the start of each epoch after --decay-after epochs (1: never).",
            s => s.LrDecay, (s, v) => s with { LrDecay = v }, v => v is > 0 and <= 1 ? null : "must lie in (0, 1]"),
        new Setting<LmSettings, int>("--decay-after", "Epochs at the full learning rate before --lr-decay applies.", s => s.DecayAfter, (s, v) => s with { DecayAfter = v },
            v => v >= 0 ? null : "must be 0 or more"),
        new Setting<LmSettings, double?>("--init-range", "Initialise every parameter from U(-r, r) (Zaremba et al.: 0.1). Default: PyTorch's per-layer initialisation.",
            s => s.InitRange, (s, v) => s with { InitRange = v }, v => v is null ? null : Positive(v.Value)),
        new Setting<LmSettings, LrSchedule>("--schedule", "Learning-rate schedule: constant, or cosine (decays to 0 at --steps).", s => s.Schedule, (s, v) => s with { Schedule = v }),
        new Setting<LmSettings, int>("--warmup", "Steps of linear learning-rate warmup (0: none).", s => s.Warmup, (s, v) => s with { Warmup = v }, v => AtLeast(v, 0) is null ? null : "must be 0 or more"),
        new Setting<LmSettings, double>("--clip", "Clip the gradient's global L2 norm to this value.", s => s.Clip, (s, v) => s with { Clip = v }, Positive),
        new Setting<LmSettings, ulong>("--seed", "Seed for initial weights, dropout and the built-in corpus.", s => s.Seed, (s, v) => s with { Seed = v }),
        new Setting<LmSettings, double>("--val-fraction", "Fraction of the text, at its end, held out for validation.", s => s.ValFraction, (s, v) => s with { ValFraction = v },
            v => v is > 0 and < 1 ? null : "must lie strictly between 0 and 1"),
        new Setting<LmSettings, int>("--corpus-size", "Characters of built-in corpus to generate when no --text is given.", s => s.CorpusSize, (s, v) => s with { CorpusSize = v },
            v => v >= 1_000 ? null : "must be at least 1000 characters"),
        new Setting<LmSettings, int?>("--steps", "Stop after this many optimiser steps in total, counting those before a resume.", s => s.Steps, (s, v) => s with { Steps = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<LmSettings, double?>("--minutes", $"Stop after this many minutes of training in total, counting those before a resume. Default: {DefaultMinutes} when no other budget is given.",
            s => s.Minutes, (s, v) => s with { Minutes = v }, v => v is null ? null : Positive(v.Value), SettingScope.Resumable),
        new Setting<LmSettings, int?>("--epochs", "Stop after this many passes over the training text.", s => s.Epochs, (s, v) => s with { Epochs = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<LmSettings, int>("--eval-every", "Evaluate on the validation text and write a checkpoint every this many steps.", s => s.EvalEvery, (s, v) => s with { EvalEvery = v },
            v => AtLeast(v, 1), SettingScope.Resumable),
        new Setting<LmSettings, int?>("--threads", "Threads the kernels may use. Default: all processors.", s => s.Threads, (s, v) => s with { Threads = v },
            v => AtLeast(v, 1), SettingScope.Invocation),
    ]);
}
