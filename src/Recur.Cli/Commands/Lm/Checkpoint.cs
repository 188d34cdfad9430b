using System.Security.Cryptography;
using System.Text.Json;
using Recur.IO;
using Recur.LanguageModels;
using Recur.Serialization;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// A training checkpoint directory: <c>model.safetensors</c> (weights, PyTorch names), <c>optimizer.safetensors</c>
/// (Adam moments and step counts), <c>state.safetensors</c> (the hidden state carried between chunks, needed for an
/// exact resume) and <c>checkpoint.json</c> (<see cref="CheckpointInfo"/>), which records the size and SHA-256 of
/// the other three.
/// <para>
/// Saving is a small write-ahead journal, because a directory cannot be replaced atomically: every file is first
/// written and flushed into <c>.pending/</c>, then an empty <c>.pending/COMMIT</c> marks the set complete, and
/// only then are the files renamed into place (each rename atomic, <c>checkpoint.json</c> last) and the journal
/// removed. A crash before the marker leaves the previous checkpoint untouched (the partial journal is discarded);
/// a crash after it is finished by the next load (roll forward). Either way one consistent checkpoint remains.
/// </para>
/// </summary>
internal static class Checkpoint
{
    public const string InfoFile = "checkpoint.json", ModelFile = "model.safetensors",
        OptimizerFile = "optimizer.safetensors", StateFile = "state.safetensors";
    const string PendingDir = ".pending", CommitMarker = "COMMIT";
    static readonly string[] DataFiles = [ModelFile, OptimizerFile, StateFile];

    /// <summary>True when <paramref name="dir"/> holds a checkpoint, complete or journalled.</summary>
    public static bool Exists(string dir) =>
        File.Exists(Path.Combine(dir, InfoFile)) || File.Exists(Path.Combine(dir, PendingDir, CommitMarker));

    public static void Save(string dir, CheckpointInfo info, IReadOnlyDictionary<string, Tensor> model,
        IReadOnlyDictionary<string, Tensor> optimizer, IReadOnlyDictionary<string, Tensor> state)
    {
        Directory.CreateDirectory(dir);
        string pending = Path.Combine(dir, PendingDir);
        if (Directory.Exists(pending)) Directory.Delete(pending, recursive: true);
        Directory.CreateDirectory(pending);

        var files = new Dictionary<string, FileRecord>();
        foreach (var (name, tensors) in new[] { (ModelFile, model), (OptimizerFile, optimizer), (StateFile, state) })
        {
            using var buffer = new MemoryStream();
            Safetensors.Save(buffer, tensors);
            files[name] = WriteFlushed(Path.Combine(pending, name), buffer.ToArray());
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(info with { Files = files }, CheckpointInfo.Json);
        WriteFlushed(Path.Combine(pending, InfoFile), json);
        WriteFlushed(Path.Combine(pending, CommitMarker), []);
        Commit(dir);
    }

    static FileRecord WriteFlushed(string path, byte[] bytes)
    {
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        return new FileRecord(bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Completes a committed journal, or discards an uncommitted one; a no-op without a journal.</summary>
    public static void Recover(string dir)
    {
        string pending = Path.Combine(dir, PendingDir);
        if (!Directory.Exists(pending)) return;
        if (File.Exists(Path.Combine(pending, CommitMarker))) Commit(dir);
        else Directory.Delete(pending, recursive: true);
    }

    static void Commit(string dir)
    {
        string pending = Path.Combine(dir, PendingDir);
        foreach (var name in DataFiles.Append(InfoFile))
        {
            string source = Path.Combine(pending, name);
            // Already moved by an earlier, interrupted commit.
            if (File.Exists(source)) File.Move(source, Path.Combine(dir, name), overwrite: true);
        }
        Directory.Delete(pending, recursive: true);
    }

    /// <summary>Reads and checks <c>checkpoint.json</c>; every failure is one line naming the file.</summary>
    public static CheckpointInfo ReadInfo(string dir)
    {
        if (!Directory.Exists(dir)) throw new UserInputException($"{dir}: no such directory");
        try { Recover(dir); }
        catch (IOException e) { throw new UserInputException($"{Path.Combine(dir, PendingDir)}: an interrupted save could not be completed ({e.Message})"); }
        string path = Path.Combine(dir, InfoFile);
        if (!File.Exists(path)) throw new UserInputException($"{path}: no such file; {dir} is not a model directory written by `recur lm train`");
        CheckpointInfo? info;
        try { info = JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllBytes(path), CheckpointInfo.Json); }
        catch (JsonException e) { throw new UserInputException($"{path}: invalid checkpoint JSON ({e.Message})"); }
        if (info is null || info.Format != CheckpointInfo.FormatName)
            throw new UserInputException($"{path}: not a Recur character-model checkpoint (format '{info?.Format}')");
        if (info.Version != CheckpointInfo.CurrentVersion)
            throw new UserInputException($"{path}: checkpoint format version {info.Version} is not supported (this Recur reads version {CheckpointInfo.CurrentVersion})");
        if (info.Settings is null || info.Vocabulary is not { Length: > 0 } || info.GeneratorState is not { Length: 4 } || info.Files is null)
            throw new UserInputException($"{path}: the checkpoint is incomplete (settings, vocabulary, generator state or file list missing)");
        try { info.Settings.Validate(); }
        catch (UserInputException e) { throw new UserInputException($"{path}: invalid settings: {e.Message}"); }
        return info;
    }

    /// <summary>Loads one of the tensor files after checking its size and SHA-256 against <paramref name="info"/>.</summary>
    public static IReadOnlyDictionary<string, Tensor> ReadTensors(string dir, CheckpointInfo info, string name)
    {
        string path = Path.Combine(dir, name);
        if (!info.Files.TryGetValue(name, out var record)) throw new UserInputException($"{Path.Combine(dir, InfoFile)}: lists no {name}");
        if (!File.Exists(path)) throw new UserInputException($"{path}: no such file (the checkpoint is incomplete)");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != record.Bytes)
            throw new UserInputException($"{path}: truncated or corrupt ({bytes.Length} bytes, {InfoFile} records {record.Bytes})");
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != record.Sha256)
            throw new UserInputException($"{path}: corrupt (its SHA-256 differs from the one {InfoFile} records)");
        try
        {
            using var stream = new MemoryStream(bytes);
            return Safetensors.Load(stream, path).Tensors;
        }
        catch (InvalidDataException e) { throw new UserInputException(e.Message); }
    }

    /// <summary>The trained model and its vocabulary from a checkpoint directory, in evaluation mode.</summary>
    public static (CharLanguageModel Model, CharVocabulary Vocabulary, CheckpointInfo Info) LoadModel(string dir)
    {
        var info = ReadInfo(dir);
        var vocabulary = info.BuildVocabulary();
        var model = new CharLanguageModel(info.ModelConfig(), new Generator(info.Settings.Seed));
        var weights = ReadTensors(dir, info, ModelFile);
        try { model.LoadStateDict(weights); }
        catch (InvalidDataException e) { throw new UserInputException($"{Path.Combine(dir, ModelFile)}: does not match the model in {InfoFile}: {e.Message}"); }
        model.Eval();
        return (model, vocabulary, info);
    }
}
