using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recur.Training;

/// <summary>One line of <c>log.jsonl</c>: its kind (<c>train</c> or <c>eval</c>), step, epoch and named values.</summary>
public sealed record MetricsLogEntry(string Kind, int Step, int Epoch, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// <c>log.jsonl</c>: one flat JSON object per line (<c>{"kind":"eval","step":200,"epoch":0,"loss":1.52,…}</c>),
/// appended as training goes. On resume the entries past the checkpoint's step are dropped — they belong to the
/// interrupted tail — so the log matches the continued run. A torn last line is skipped.
/// </summary>
public sealed class MetricsLog
{
    readonly List<MetricsLogEntry> entries = [];

    MetricsLog(string path) => Path = path;

    public string Path { get; }

    public IReadOnlyList<MetricsLogEntry> Entries => entries;

    /// <summary>A new, empty log at <paramref name="path"/> (an existing file is replaced).</summary>
    public static MetricsLog Create(string path)
    {
        var log = new MetricsLog(path);
        IO.AtomicFile.WriteAllText(path, "");
        return log;
    }

    /// <summary>The entries of <paramref name="path"/> up to <paramref name="step"/>; the file is rewritten with only those.</summary>
    public static MetricsLog Continue(string path, int step)
    {
        var log = new MetricsLog(path);
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (Parse(line) is { } entry && entry.Step <= step) log.entries.Add(entry);
        IO.AtomicFile.WriteAllText(path, string.Concat(log.entries.Select(e => Format(e) + "\n")));
        return log;
    }

    public void Append(MetricsLogEntry entry)
    {
        entries.Add(entry);
        File.AppendAllText(Path, Format(entry) + "\n");
    }

    static string Format(MetricsLogEntry e)
    {
        var o = new JsonObject { ["kind"] = e.Kind, ["step"] = e.Step, ["epoch"] = e.Epoch };
        foreach (var (name, value) in e.Values) o[name] = double.IsFinite(value) ? value : null;
        return o.ToJsonString();
    }

    static MetricsLogEntry? Parse(string line)
    {
        try
        {
            if (JsonNode.Parse(line) is not JsonObject o || o["kind"] is not JsonValue k || !k.TryGetValue(out string? kind)) return null;
            int step = o["step"]?.GetValue<int>() ?? -1, epoch = o["epoch"]?.GetValue<int>() ?? 0;
            var values = new Dictionary<string, double>();
            foreach (var (name, node) in o)
                if (name is not ("kind" or "step" or "epoch") && node is JsonValue v && v.TryGetValue(out double d)) values[name] = d;
            return step < 0 ? null : new MetricsLogEntry(kind, step, epoch, values);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException) { return null; }
    }
}
