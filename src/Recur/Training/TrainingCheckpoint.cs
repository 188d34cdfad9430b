using System.Text.Json;
using System.Text.Json.Nodes;
using Recur.Serialization;

namespace Recur.Training;

/// <summary>
/// A checkpoint directory opened for reading: its manifest (<c>checkpoint.json</c>) and its files, each checked
/// against the size and SHA-256 the manifest records before it is used. Opening first completes or discards an
/// interrupted save (<see cref="CheckpointJournal.Recover"/>). Every failure is a <see cref="CheckpointException"/>
/// naming the file.
/// </summary>
public sealed class TrainingCheckpoint
{
    public const string FormatName = "recur-checkpoint";
    public const int CurrentVersion = 1;

    TrainingCheckpoint(string directory, JsonObject manifest, IReadOnlyDictionary<string, CheckpointFile> files)
    {
        Directory = directory;
        Manifest = manifest;
        Files = files;
    }

    public string Directory { get; }

    /// <summary>The whole manifest: <c>format</c>, <c>version</c>, <c>task</c>, <c>progress</c>, <c>settings</c>, the task's own sections, <c>files</c>.</summary>
    public JsonObject Manifest { get; }

    public IReadOnlyDictionary<string, CheckpointFile> Files { get; }

    /// <summary>The task that wrote the checkpoint (for example <c>charlm</c>).</summary>
    public string Task => (string)Manifest["task"]!;

    public string ManifestPath => Path.Combine(Directory, CheckpointJournal.ManifestFile);

    /// <summary>
    /// The checkpoint a run directory is used through: its best (<c>directory/best</c>, kept by the selection metric)
    /// when it holds one, else the directory itself, the last checkpoint.
    /// </summary>
    public static string BestOrLast(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string best = Path.Combine(directory, Trainer.BestDir);
        return System.IO.Directory.Exists(directory) && CheckpointJournal.Exists(best) ? best : directory;
    }

    /// <summary>
    /// Opens the checkpoint in <paramref name="directory"/>. With <paramref name="task"/>, a checkpoint written by
    /// another task is refused.
    /// </summary>
    public static TrainingCheckpoint Open(string directory, string? task = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (File.Exists(directory))
            throw new CheckpointException($"{directory}: is a file; expected a model directory (the one that holds {CheckpointJournal.ManifestFile}: {Path.GetDirectoryName(Path.GetFullPath(directory))})");
        if (!System.IO.Directory.Exists(directory)) throw new CheckpointException($"{directory}: no such directory");
        new CheckpointJournal(directory).Recover();
        string path = Path.Combine(directory, CheckpointJournal.ManifestFile);
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such file; {directory} is not a model directory written by recur");
        JsonObject manifest;
        try
        {
            // Decoded strictly first: System.Text.Json would otherwise meet a bad byte inside a string only when the
            // string is read, as an InvalidOperationException far from here.
            string json = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
            manifest = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject ?? throw new CheckpointException($"{path}: not a JSON object");
        }
        catch (System.Text.DecoderFallbackException e) { throw new CheckpointException($"{path}: invalid checkpoint JSON (not UTF-8)", e); }
        catch (JsonException e) { throw new CheckpointException($"{path}: invalid checkpoint JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e); }
        string? format = Text(manifest, "format"), writer = Text(manifest, "task");
        if (format != FormatName) throw new CheckpointException($"{path}: not a Recur checkpoint (format '{format}')");
        int version = manifest["version"] is JsonValue v && v.TryGetValue(out int n) ? n : -1;
        if (version != CurrentVersion)
            throw new CheckpointException($"{path}: checkpoint format version {version} is not supported (this Recur reads version {CurrentVersion})");
        if (writer is null) throw new CheckpointException($"{path}: names no task");
        if (task is not null && writer != task)
            throw new CheckpointException($"{path}: is a '{writer}' checkpoint, not a '{task}' one");
        var files = new Dictionary<string, CheckpointFile>();
        if (manifest["files"] is not JsonObject records) throw new CheckpointException($"{path}: the checkpoint lists no files");
        foreach (var (name, node) in records)
        {
            long bytes = node?["bytes"] is JsonValue b && b.TryGetValue(out long l) ? l : -1;
            string? sha = node?["sha256"] is JsonValue s && s.TryGetValue(out string? h) ? h : null;
            if (bytes < 0 || sha is null || Path.GetFileName(name) != name)
                throw new CheckpointException($"{path}: the record of '{name}' is malformed");
            files[name] = new CheckpointFile(bytes, sha);
        }
        return new TrainingCheckpoint(directory, manifest, files);
    }

    /// <summary>The bytes of a listed file after checking its size and SHA-256.</summary>
    public byte[] ReadFile(string name)
    {
        string path = Path.Combine(Directory, name);
        if (!Files.TryGetValue(name, out var record)) throw new CheckpointException($"{ManifestPath}: lists no {name}");
        if (!File.Exists(path)) throw new CheckpointException($"{path}: no such file (the checkpoint is incomplete)");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != record.Bytes)
            throw new CheckpointException($"{path}: truncated or corrupt ({bytes.Length} bytes, {CheckpointJournal.ManifestFile} records {record.Bytes})");
        if (CheckpointJournal.Sha256(bytes) != record.Sha256)
            throw new CheckpointException($"{path}: corrupt (its SHA-256 differs from the one {CheckpointJournal.ManifestFile} records)");
        return bytes;
    }

    /// <summary>A listed safetensors file, checked, as named tensors.</summary>
    public IReadOnlyDictionary<string, Tensor> ReadTensors(string name)
    {
        var bytes = ReadFile(name);
        try
        {
            using var stream = new MemoryStream(bytes);
            return Safetensors.Load(stream, Path.Combine(Directory, name)).Tensors;
        }
        catch (InvalidDataException e) { throw new CheckpointException(e.Message, e); }
    }

    /// <summary>Deserialises a section of the manifest; a missing or malformed section is an error naming it.</summary>
    public T Section<T>(string name, JsonSerializerOptions? options = null)
    {
        var node = Manifest[name] ?? throw new CheckpointException($"{ManifestPath}: has no '{name}' section");
        try { return node.Deserialize<T>(options ?? CheckpointJson.Options) ?? throw new CheckpointException($"{ManifestPath}: '{name}' is null"); }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new CheckpointException($"{ManifestPath}: the '{name}' section is malformed ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
