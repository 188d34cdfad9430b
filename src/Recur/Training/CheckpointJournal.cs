using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Training;

/// <summary>
/// Writes a checkpoint directory — any set of named files plus a JSON manifest (<c>checkpoint.json</c>) that records
/// each file's size and SHA-256 — so that a crash at any moment leaves either the previous checkpoint or the new one,
/// never a mix.
/// <para>
/// A directory cannot be replaced atomically, so saving is a small write-ahead journal: every file is written and
/// flushed into <c>.pending/</c>, an empty <c>.pending/COMMIT</c> then marks the set complete, and only after that are
/// the files renamed into place (each rename atomic, the manifest last) and the journal removed. A crash before the
/// marker leaves the old checkpoint untouched and the partial journal is discarded by <see cref="Recover"/>; a crash
/// after it is rolled forward by <see cref="Recover"/>. Readers call <see cref="Recover"/> first.
/// </para>
/// </summary>
public sealed class CheckpointJournal(string directory)
{
    public const string ManifestFile = "checkpoint.json";
    const string PendingDir = ".pending", CommitMarker = "COMMIT";

    public string Directory { get; } = directory ?? throw new ArgumentNullException(nameof(directory));

    /// <summary>
    /// Called with a description before every file-system operation of a save or a recovery. Tests throw from it to
    /// simulate a process killed between two operations.
    /// </summary>
    internal Action<string>? BeforeOperation { get; init; }

    /// <summary>True when <paramref name="directory"/> holds a checkpoint, complete or committed to its journal.</summary>
    public static bool Exists(string directory) =>
        File.Exists(Path.Combine(directory, ManifestFile)) || File.Exists(Path.Combine(directory, PendingDir, CommitMarker));

    /// <summary>
    /// Replaces the checkpoint with <paramref name="files"/> and <paramref name="manifest"/>, to which a <c>files</c>
    /// object (name → bytes, sha256) is added. File names are plain names inside the directory.
    /// </summary>
    public void Save(JsonObject manifest, IReadOnlyList<(string Name, byte[] Bytes)> files)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (name, _) in files)
            if (name == ManifestFile || name == PendingDir || Path.GetFileName(name) != name)
                throw new ArgumentException($"'{name}' cannot be a checkpoint file name.", nameof(files));
        Operation("create directory", () => System.IO.Directory.CreateDirectory(Directory));
        // A committed journal left by a crash is the newest checkpoint: finish it before starting another.
        Recover();
        string pending = Path.Combine(Directory, PendingDir);
        Operation("create journal", () => System.IO.Directory.CreateDirectory(pending));

        var records = new JsonObject();
        foreach (var (name, bytes) in files)
        {
            Operation($"write {name}", () => WriteFlushed(Path.Combine(pending, name), bytes));
            records[name] = new JsonObject { ["bytes"] = bytes.Length, ["sha256"] = Sha256(bytes) };
        }
        var copy = (JsonObject)manifest.DeepClone();
        copy["files"] = records;
        var json = JsonSerializer.SerializeToUtf8Bytes(copy, new JsonSerializerOptions { WriteIndented = true });
        Operation($"write {ManifestFile}", () => WriteFlushed(Path.Combine(pending, ManifestFile), json));
        Operation("write commit marker", () => WriteFlushed(Path.Combine(pending, CommitMarker), []));
        Commit();
    }

    /// <summary>Completes a committed journal, or discards an uncommitted one; nothing to do without a journal.</summary>
    public void Recover()
    {
        string pending = Path.Combine(Directory, PendingDir);
        if (!System.IO.Directory.Exists(pending)) return;
        try
        {
            if (File.Exists(Path.Combine(pending, CommitMarker))) Commit();
            else Operation("discard uncommitted journal", () => System.IO.Directory.Delete(pending, recursive: true));
        }
        catch (IOException e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{pending}: an interrupted save could not be completed ({e.Message})", e);
        }
    }

    void Commit()
    {
        string pending = Path.Combine(Directory, PendingDir);
        // The manifest moves last, and readers recover before reading, so a half-moved set is never read.
        var names = System.IO.Directory.GetFiles(pending).Select(Path.GetFileName).OfType<string>()
            .Where(n => n != CommitMarker && n != ManifestFile).Order(StringComparer.Ordinal).Append(ManifestFile);
        foreach (var name in names)
        {
            string source = Path.Combine(pending, name);
            // A file already moved by an earlier, interrupted commit is no longer in the journal.
            if (File.Exists(source)) Operation($"move {name}", () => File.Move(source, Path.Combine(Directory, name), overwrite: true));
        }
        Operation("remove journal", () => System.IO.Directory.Delete(pending, recursive: true));
    }

    void Operation(string what, Action action)
    {
        BeforeOperation?.Invoke(what);
        action();
    }

    static void WriteFlushed(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    internal static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
