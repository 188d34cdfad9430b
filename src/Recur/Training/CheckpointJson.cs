using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recur.Training;

/// <summary>The JSON conventions of checkpoints and logs: snake_case names and enum values, nulls left out.</summary>
public static class CheckpointJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
