using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Cli.Commands.Lm;

/// <summary>One line of <c>log.jsonl</c>: kind "train" (mean loss since the previous train line) or "eval" (validation).</summary>
public sealed record LogEntry(string Kind, int Step, double Loss, double? Bpc = null, double? LearningRate = null,
    double? TokensPerSecond = null, double? ElapsedSeconds = null);

/// <summary>
/// <c>log.jsonl</c>: one JSON object per line, appended as training goes. On resume, entries past the checkpoint's
/// step are dropped (they belong to the interrupted tail) so that the log matches the continued run.
/// </summary>
internal sealed class TrainingLog(string path)
{
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public List<LogEntry> Entries { get; } = [];

    public string Path { get; } = path;

    /// <summary>Reads the existing entries up to <paramref name="step"/> and rewrites the file with only those; a torn last line is skipped.</summary>
    public void Restore(int step)
    {
        Entries.Clear();
        if (!File.Exists(Path)) return;
        foreach (var line in File.ReadLines(Path))
        {
            LogEntry? entry = null;
            try { entry = JsonSerializer.Deserialize<LogEntry>(line, Json); }
            catch (JsonException) { }
            if (entry is not null && entry.Step <= step) Entries.Add(entry);
        }
        Recur.IO.AtomicFile.WriteAllText(Path, string.Concat(Entries.Select(e => JsonSerializer.Serialize(e, Json) + "\n")));
    }

    public void Append(LogEntry entry)
    {
        Entries.Add(entry);
        File.AppendAllText(Path, JsonSerializer.Serialize(entry, Json) + "\n");
    }
}
