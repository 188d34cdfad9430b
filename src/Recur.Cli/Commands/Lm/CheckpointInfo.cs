using System.Text.Json;
using System.Text.Json.Serialization;
using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>Size and SHA-256 of one checkpoint file, recorded so that a truncated or mixed checkpoint is detected.</summary>
public sealed record FileRecord(long Bytes, string Sha256);

/// <summary>
/// The contents of <c>checkpoint.json</c>: format and version, the run's settings, the vocabulary (UTF-16 code units,
/// so that any character survives JSON), the training text's fingerprint, where training stands (step, stream
/// position, tokens seen, generator state, elapsed time) and a record of every other file of the checkpoint.
/// </summary>
public sealed record CheckpointInfo(
    string Format, int Version, TrainSettings Settings, int[] Vocabulary, string TextSha256, int TextChars,
    int Step, int Position, long Tokens, ulong[] GeneratorState, double ElapsedSeconds, double? ValidationLoss,
    Dictionary<string, FileRecord> Files)
{
    public const string FormatName = "recur-charlm";
    public const int CurrentVersion = 1;

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public CharVocabulary BuildVocabulary() => new(Vocabulary.Select(c => (char)c));

    public CharLmConfig ModelConfig() => new(Settings.Cell, Vocabulary.Length, Settings.Embedding, Settings.Hidden, Settings.Layers, Settings.Dropout);
}
