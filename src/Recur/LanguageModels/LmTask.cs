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
/// from exactly the state that an uninterrupted run would.
/// </summary>
public sealed class LmTask : ITrainingTask
{
    public const string TaskName = "lm", StateFile = "state.safetensors";

    readonly TextStreams streams;
    readonly int[] validation;
    readonly int seqLength;
    int position;
    SequenceState? state;

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
        (streams, validation, seqLength) = (new TextStreams(corpus.Train, B), corpus.Validation, T);
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

    /// <summary>Optimiser steps in one pass over the training streams.</summary>
    public int StepsPerEpoch => (streams.Length - 1) / seqLength;

    public TrainingBatch NextBatch()
    {
        int T = seqLength, B = streams.BatchSize;
        if (!streams.HasFullChunk(position, T)) { position = 0; state = null; }   // the streams wrapped: a new epoch starts from zeros
        var (inputs, targets, _) = streams.Chunk(position, T);                    // (T, B) each
        position += T;
        var (logits, _, final) = Model.Forward(inputs, T, B, state);             // (T·B, V)
        state = final.Detach();
        var loss = Functional.CrossEntropy(logits, targets);
        return new TrainingBatch(loss, T * B, EndsEpoch: !streams.HasFullChunk(position, T), EpochFraction: (double)(position / T) / StepsPerEpoch);
    }

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        var score = CharLmEvaluation.Evaluate(Model, validation, cancellationToken: cancellationToken);
        var metrics = new Dictionary<string, double> { ["loss"] = score.Nats, ["perplexity"] = score.Perplexity };
        if (Settings.Level == LmLevel.Char) metrics["bpc"] = score.BitsPerChar;
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
    }
}
