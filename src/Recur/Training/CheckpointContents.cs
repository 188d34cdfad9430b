using System.Text.Json.Nodes;

namespace Recur.Training;

/// <summary>
/// What a task adds to a checkpoint being written: manifest sections of its own (settings, vocabulary, a text
/// fingerprint), its data position (stored under <c>progress.data</c>, beside the trainer's step, epoch and
/// generator state) and extra tensor files (a carried hidden state).
/// </summary>
public sealed class CheckpointContents
{
    /// <summary>Top-level manifest sections; names the trainer uses (<c>format</c>, <c>version</c>, <c>task</c>, <c>progress</c>, <c>trainer</c>, <c>files</c>) are refused.</summary>
    public Dictionary<string, JsonNode?> Sections { get; } = [];

    /// <summary>Where the task's data stream stands, stored as <c>progress.data</c>.</summary>
    public JsonNode? DataPosition { get; set; }

    /// <summary>Extra safetensors files by file name (<c>state.safetensors</c>).</summary>
    public Dictionary<string, IReadOnlyDictionary<string, Tensor>> TensorFiles { get; } = [];
}
