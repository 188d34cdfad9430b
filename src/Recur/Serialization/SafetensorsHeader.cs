using System.Text;
using System.Text.Json;

namespace Recur.Serialization;

/// <summary>One tensor's header entry: its dtype, shape and byte range relative to the start of the data buffer.</summary>
internal readonly record struct SafetensorsEntry(string Name, SafetensorsDType DType, int[] Shape, long Begin, long End);

/// <summary>
/// The JSON header of a safetensors file: parsing with every check the reference implementation makes (known dtype,
/// byte length = product(shape) · dtype size, ranges that tile the buffer exactly, unique names), and writing.
/// </summary>
internal static class SafetensorsHeader
{
    const string MetadataKey = "__metadata__";

    /// <summary>
    /// Parses and validates <paramref name="json"/>. Entries come back sorted by their offset in the buffer, which the
    /// checks guarantee to be gap-free from 0, so the buffer can be read front to back. Errors name
    /// <paramref name="source"/>.
    /// </summary>
    public static (List<SafetensorsEntry> Entries, OrderedDictionary<string, string> Metadata, long BufferLength) Parse(ReadOnlySpan<byte> json, string source)
    {
        var entries = new List<SafetensorsEntry>();
        var metadata = new OrderedDictionary<string, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        // JsonDocument accepts invalid UTF-8 inside strings and fails only when a name is decoded, with an
        // InvalidOperationException; checking first keeps every failure an InvalidDataException naming the file.
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw Invalid(source, "the header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            // The parser quotes the offending bytes, which may include line breaks: keep the message on one line.
            throw Invalid(source, $"the header is not valid JSON ({string.Concat(e.Message.Select(c => char.IsControl(c) ? ' ' : c))})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid(source, "the header is not a JSON object");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Invalid(source, $"the name '{property.Name}' appears twice in the header");
                if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, source);
                else entries.Add(ReadEntry(property.Name, property.Value, source));
            }
        }
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        foreach (var e in entries)
        {
            if (e.Begin < position) throw Invalid(source, $"tensor '{e.Name}' (bytes {e.Begin}..{e.End}) overlaps the previous tensor, which ends at byte {position}");
            if (e.Begin > position) throw Invalid(source, $"bytes {position}..{e.Begin} of the data buffer belong to no tensor (before '{e.Name}')");
            position = e.End;
        }
        return (entries, metadata, position);
    }

    static void ReadMetadata(JsonElement value, OrderedDictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Invalid(source, $"'{MetadataKey}' must be an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String) throw Invalid(source, $"metadata value '{item.Name}' is {item.Value.ValueKind}, not a string");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!)) throw Invalid(source, $"metadata key '{item.Name}' appears twice");
        }
    }

    static SafetensorsEntry ReadEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Invalid(source, $"tensor '{name}' has a {value.ValueKind} entry, not an object");
        if (!value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String)
            throw Invalid(source, $"tensor '{name}' has no string 'dtype'");
        if (!value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw Invalid(source, $"tensor '{name}' has no array 'shape'");
        if (!value.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array || offsetsJson.GetArrayLength() != 2)
            throw Invalid(source, $"tensor '{name}' has no 'data_offsets' pair [begin, end]");

        string dtypeName = dtypeJson.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype)) throw Invalid(source, $"tensor '{name}' has unknown dtype '{dtypeName}'");

        var shape = new int[shapeJson.GetArrayLength()];
        long count = 1;
        int d = 0;
        foreach (var dim in shapeJson.EnumerateArray())
        {
            if (!dim.TryGetInt32(out shape[d]) || shape[d] < 0)
                throw Invalid(source, $"tensor '{name}' has an invalid dimension {dim.GetRawText()} in its shape");
            count = checked(count * shape[d]);
            if (count > Array.MaxLength) throw Invalid(source, $"tensor '{name}' has too many elements for one tensor");
            d++;
        }

        long begin = Offset(offsetsJson[0], name, source), end = Offset(offsetsJson[1], name, source);
        if (begin > end) throw Invalid(source, $"tensor '{name}' has data_offsets [{begin}, {end}] with begin after end");
        long expected = count * dtype.Size();
        if (end - begin != expected)
            throw Invalid(source, $"tensor '{name}' spans {end - begin} bytes but shape {Tensor.ShapeString(shape)} of {dtype.Name()} needs {expected}");
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    static long Offset(JsonElement value, string name, string source) =>
        value.TryGetInt64(out long offset) && offset >= 0
            ? offset
            : throw Invalid(source, $"tensor '{name}' has an invalid data offset {value.GetRawText()}");

    /// <summary>
    /// The header for float32 tensors stored back to back in the given order, <c>__metadata__</c> first, padded with
    /// spaces to a multiple of 8 bytes as the reference writer does so that the buffer starts aligned.
    /// </summary>
    public static byte[] Write(IEnumerable<(string Name, int[] Shape)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var memory = new MemoryStream();
        using (var json = new Utf8JsonWriter(memory))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, shape) in tensors)
            {
                if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor.");
                long bytes = (long)Tensor.ShapeSize(shape) * sizeof(float);
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int dim in shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - memory.Length % 8) % 8);
        for (int i = 0; i < padding; i++) memory.WriteByte((byte)' ');
        return memory.ToArray();
    }

    internal static InvalidDataException Invalid(string source, string problem) =>
        new($"{source}: not a valid safetensors file: {problem}.");
}
