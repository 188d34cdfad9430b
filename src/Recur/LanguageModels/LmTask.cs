using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Nn;
using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// A recurrent language model as a <see cref="ITrainingTask"/> — Karpathy's char-RNN over characters, or Zaremba et
/// al. (2014)'s LSTM over words: truncated back-propagation through time over B contiguous streams of the training
/// tokens (<see cref="TextStreams"/>), the hidden state carried from one chunk to the next and
/// reset to zeros when the streams wrap to a new epoch. The data position and the carried state are checkpointed
/// (<c>progress.data.position</c>, <c>state.safetensors</c>), so a resumed run reads exactly the chunks and starts
/// from exactly the state that an uninterrupted run would. AWD-LSTM's training (Merity et al. 2018) is here too:
/// the activation penalties added to the loss, chunks of variable length, and NT-ASGD's switch to averaging
/// (<see cref="Averaging"/>).
/// </summary>
public sealed class LmTask : ITrainingTask
{
    public const string TaskName = "lm", StateFile = "state.safetensors", AverageFile = "average.safetensors";

    readonly TextStreams streams;
    readonly int[] validation;
    readonly int seqLength;
    readonly Generator generator;
    int position;
    SequenceState? state;
    readonly List<double> validationLosses = [];

    public LmTask(LmSettings settings, LmCorpus corpus, Generator generator)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Corpus = corpus ?? throw new ArgumentNullException(nameof(corpus));
        ArgumentNullException.ThrowIfNull(generator);
        if (corpus.Level != settings.Level) throw new ArgumentException($"A {corpus.Level} corpus for a {settings.Level}-level model.", nameof(corpus));
        int T = settings.SeqLength, B = settings.BatchSize;
        string units = corpus.Unit + "s";
        if (corpus.Train.Length < B * (T + 1))
            throw new TrainingSetupException($"{corpus.Name}: too short: its {corpus.Train.Length} training {units} do not fill one batch of {B} streams × {T + 1} {units} (--batch-size × (--seq-length + 1))");
        if (corpus.Validation.Length < 2)
            throw new TrainingSetupException($"{corpus.Name}: too short to hold out a validation part ({corpus.Validation.Length} {units} to validate on)");
        (streams, validation, seqLength, this.generator) = (new TextStreams(corpus.Train, B), corpus.Validation, T, generator);
        Model = new CharLanguageModel(settings.ModelConfig(corpus.VocabularySize), generator);
        // Zaremba et al. (2014) initialise every parameter from U(−r, r) instead of PyTorch's per-layer rules.
        if (settings.InitRange is double r)
            foreach (var p in Model.Parameters()) Nn.Init.Uniform(p, -(float)r, (float)r, generator);
    }

    /// <summary>The character-level task on <paramref name="text"/>, its last --val-fraction validating (the README's example).</summary>
    public LmTask(LmSettings settings, CharVocabulary vocabulary, string text, Generator generator)
        : this(settings with { Level = LmLevel.Char }, LmCorpus.Build(LmLevel.Char, text, null, settings.ValFraction, settings.Text ?? "the text", vocabulary), generator) { }

    public string Name => TaskName;
    public LmSettings Settings { get; }
    public LmCorpus Corpus { get; }
    public CharLanguageModel Model { get; }
    Module ITrainingTask.Model => Model;

    /// <summary>
    /// The optimiser of an NT-ASGD run (null otherwise), which this task switches to averaging when validation
    /// stalls, evaluates with its averaged weights, and checkpoints the average of (<see cref="AverageFile"/>).
    /// </summary>
    public Optim.AveragedSgd? Averaging { get; set; }

    /// <summary>Optimiser steps in one pass over the training streams.</summary>
    public int StepsPerEpoch => (streams.Length - 1) / seqLength;

    public TrainingBatch NextBatch()
    {
        int B = streams.BatchSize;
        if (!streams.HasFullChunk(position, seqLength)) { position = 0; state = null; }   // the streams wrapped: a new epoch starts from zeros
        // A variable-length chunk may run past the streams' end; Chunk then returns the steps that are left.
        var (inputs, targets, T) = streams.Chunk(position, Settings.VariableLength ? Settings.DrawSeqLength(generator) : seqLength);   // (T, B) each
        position += T;
        var (logits, penalty, final) = Model.ForwardRegularized(inputs, T, B, state);   // (T·B, V)
        state = final.Detach();
        var loss = Functional.CrossEntropy(logits, targets);
        if (penalty is not null) loss += penalty;
        // With variable lengths the rate scales with T (Merity et al. 2018, §3): the loss is a mean over tokens, so a
        // longer chunk would otherwise weigh each token less.
        return new TrainingBatch(loss, T * B, EndsEpoch: !streams.HasFullChunk(position, seqLength),
            EpochFraction: Math.Min(1, (double)position / (StepsPerEpoch * seqLength)), LearningRateScale: (double)T / seqLength);
    }

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        LmScore score;
        using (Averaging is { IsAveraging: true } averaging ? averaging.UseAverage() : null)
            score = CharLmEvaluation.Evaluate(Model, validation, cancellationToken: cancellationToken);
        var metrics = new Dictionary<string, double> { ["loss"] = score.Nats, ["perplexity"] = score.Perplexity };
        if (Settings.Level == LmLevel.Char) metrics["bpc"] = score.BitsPerChar;
        if (Averaging is { } asgd)
        {
            // NT-ASGD's non-monotone trigger (Merity et al. 2018, §3): average from now on once the loss is worse
            // than the best of the evaluations before the last n.
            int n = Settings.NonMonotone;
            if (!asgd.IsAveraging && validationLosses.Count > n && score.Nats > validationLosses.Take(validationLosses.Count - n).Min())
                asgd.StartAveraging();
            validationLosses.Add(score.Nats);
            metrics["averaging"] = asgd.IsAveraging ? 1 : 0;
        }
        return metrics;
    }

    public void Save(CheckpointContents contents)
    {
        contents.Sections["settings"] = JsonSerializer.SerializeToNode(Settings, CheckpointJson.Options);
        contents.Sections["vocabulary"] = Corpus.Characters is { } chars
            ? new JsonArray(chars.Characters.Select(c => (JsonNode)(int)c).ToArray())
            : new JsonArray(Corpus.Words!.Tokens.Select(w => (JsonNode)w).ToArray());
        contents.Sections["text"] = new JsonObject { ["sha256"] = Corpus.Fingerprint, ["chars"] = Corpus.Length };
        contents.DataPosition = new JsonObject { ["position"] = position };
        var carried = new Dictionary<string, Tensor>();
        if (state is not null)
            for (int i = 0; i < state.Tensors.Count; i++) carried[$"state.{i}"] = state.Tensors[i];
        contents.TensorFiles[StateFile] = carried;
        if (Averaging is { } asgd)
        {
            contents.Sections["nt_asgd"] = new JsonObject
            {
                ["averaging"] = asgd.IsAveraging, ["validation_losses"] = new JsonArray([.. validationLosses.Select(l => (JsonNode?)JsonValue.Create(l))]),
            };
            if (asgd.IsAveraging)
                using (asgd.UseAverage())
                    contents.TensorFiles[AverageFile] = Model.StateDict().ToDictionary(kv => kv.Key, kv => Tensor.FromArray(kv.Value.ToArray(), kv.Value.Shape.ToArray()));
        }
    }

    public void Restore(TrainingCheckpoint checkpoint)
    {
        int saved = checkpoint.Manifest["progress"]?["data"]?["position"] is JsonValue v && v.TryGetValue(out int p) ? p : -1;
        if (saved < 0 || saved > streams.Length)
            throw new CheckpointException($"{checkpoint.ManifestPath}: position {saved} lies outside the text streams");
        var tensors = checkpoint.ReadTensors(StateFile);
        SequenceState? carried = null;
        if (tensors.Count > 0)
        {
            var expected = Model.ZeroState(streams.BatchSize).Tensors;
            var found = new Tensor[expected.Count];
            for (int i = 0; i < found.Length; i++)
            {
                // Checkpoints written before the layers shared one state contract hold h and c as (L, B, H).
                var t = tensors.GetValueOrDefault($"state.{i}") ?? tensors.GetValueOrDefault(i == 0 ? "h" : "c")?.Transpose(0, 1).Contiguous();
                if (t is null || !t.Shape.SequenceEqual(expected[i].Shape))
                    throw new CheckpointException($"{Path.Combine(checkpoint.Directory, StateFile)}: the carried state does not fit the model");
                found[i] = t;
            }
            carried = new SequenceState(found);
        }
        (position, state) = (saved, carried);
        if (Averaging is { } asgd)
        {
            var section = checkpoint.Manifest["nt_asgd"];
            validationLosses.Clear();
            if (section?["validation_losses"] is JsonArray losses)
                foreach (var l in losses)
                    validationLosses.Add(l is JsonValue value && value.TryGetValue(out double loss) ? loss
                        : throw new CheckpointException($"{checkpoint.ManifestPath}: nt_asgd.validation_losses holds a value that is not a number"));
            if (section?["averaging"] is JsonValue flag && flag.TryGetValue(out bool averaging) && averaging) asgd.StartAveraging();
        }
    }
}
