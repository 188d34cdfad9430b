using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Nn;
using Recur.Training;

namespace Recur.LanguageModels;

/// <summary>
/// Karpathy's char-RNN as a <see cref="ITrainingTask"/>: truncated back-propagation through time over B contiguous
/// streams of the training text (<see cref="TextStreams"/>), the hidden state carried from one chunk to the next and
/// reset to zeros when the streams wrap to a new epoch. The data position and the carried state are checkpointed
/// (<c>progress.data.position</c>, <c>state.safetensors</c>), so a resumed run reads exactly the chunks and starts
/// from exactly the state that an uninterrupted run would.
/// </summary>
public sealed class CharLmTask : ITrainingTask
{
    public const string TaskName = "charlm", StateFile = "state.safetensors";

    readonly TextStreams streams;
    readonly int[] validation;
    readonly int seqLength;
    int position;
    RecurrentState? state;

    public CharLmTask(CharLmSettings settings, CharVocabulary vocabulary, string text, Generator generator, string? textName = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        ArgumentNullException.ThrowIfNull(text);
        TextName = textName ?? settings.Text ?? "the built-in corpus";
        TextChars = text.Length;
        TextSha256 = Fingerprint(text);
        var unknown = vocabulary.FindUnknown(text);
        if (unknown.Count > 0) throw new TrainingSetupException($"{TextName}: {CharVocabulary.UnknownMessage(unknown)}");
        var (train, valid) = TextStreams.Split(vocabulary.Encode(text), settings.ValFraction);
        int T = settings.SeqLength, B = settings.BatchSize;
        if (train.Length < B * (T + 1))
            throw new TrainingSetupException($"{TextName}: too short: its {train.Length} training characters do not fill one batch of {B} streams × {T + 1} characters (--batch-size × (--seq-length + 1))");
        if (valid.Length < 2)
            throw new TrainingSetupException($"{TextName}: too short to hold out a validation part (--val-fraction {settings.ValFraction} leaves {valid.Length} characters)");
        (streams, validation, seqLength, TrainCharacters) = (new TextStreams(train, B), valid, T, train.Length);
        Model = new CharLanguageModel(settings.ModelConfig(vocabulary.Count), generator);
    }

    public string Name => TaskName;
    public CharLmSettings Settings { get; }
    public CharVocabulary Vocabulary { get; }
    public CharLanguageModel Model { get; }
    Module ITrainingTask.Model => Model;
    public string TextName { get; }
    public int TextChars { get; }
    public string TextSha256 { get; }
    public int TrainCharacters { get; }
    public int ValidationCharacters => validation.Length;

    public static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public TrainingBatch NextBatch()
    {
        int T = seqLength, B = streams.BatchSize;
        if (!streams.HasFullChunk(position, T)) { position = 0; state = null; }   // the streams wrapped: a new epoch starts from zeros
        var (inputs, targets, _) = streams.Chunk(position, T);                    // (T, B) each
        position += T;
        var (logits, _, final) = Model.Forward(inputs, T, B, state);             // (T·B, V)
        state = final.Detach();
        var loss = Functional.CrossEntropy(logits, targets);
        int chunks = (streams.Length - 1) / T;
        return new TrainingBatch(loss, T * B, EndsEpoch: !streams.HasFullChunk(position, T), EpochFraction: (double)(position / T) / chunks);
    }

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        var score = CharLmEvaluation.Evaluate(Model, validation, cancellationToken: cancellationToken);
        return new Dictionary<string, double> { ["loss"] = score.Nats, ["bpc"] = score.BitsPerChar, ["perplexity"] = score.Perplexity };
    }

    public void Save(CheckpointContents contents)
    {
        contents.Sections["settings"] = JsonSerializer.SerializeToNode(Settings, CheckpointJson.Options);
        contents.Sections["vocabulary"] = new JsonArray(Vocabulary.Characters.Select(c => (JsonNode)(int)c).ToArray());
        contents.Sections["text"] = new JsonObject { ["sha256"] = TextSha256, ["chars"] = TextChars };
        contents.DataPosition = new JsonObject { ["position"] = position };
        var carried = new Dictionary<string, Tensor>();
        if (state is RecurrentState s) { carried["h"] = s.H; if (s.C is not null) carried["c"] = s.C; }
        contents.TensorFiles[StateFile] = carried;
    }

    public void Restore(TrainingCheckpoint checkpoint)
    {
        int saved = checkpoint.Manifest["progress"]?["data"]?["position"] is JsonValue v && v.TryGetValue(out int p) ? p : -1;
        if (saved < 0 || saved > streams.Length)
            throw new CheckpointException($"{checkpoint.ManifestPath}: position {saved} lies outside the text streams");
        var tensors = checkpoint.ReadTensors(StateFile);
        RecurrentState? carried = null;
        if (tensors.TryGetValue("h", out var h))
        {
            var expected = Model.ZeroState(streams.BatchSize);
            Tensor? c = null;
            if (!h.Shape.SequenceEqual(expected.H.Shape) || expected.C is not null && !(tensors.TryGetValue("c", out c) && c.Shape.SequenceEqual(expected.C.Shape)))
                throw new CheckpointException($"{Path.Combine(checkpoint.Directory, StateFile)}: the carried state does not fit the model");
            carried = new RecurrentState(h, c);
        }
        (position, state) = (saved, carried);
    }
}
