using Recur.Subwords;

namespace Recur.Translation;

/// <summary>Byte-pair pieces of a <see cref="BpeModel"/>; with byte fallback an unseen character becomes its UTF-8 byte pieces, never an unknown.</summary>
public sealed class BpeSegmenter(BpeModel model) : ISegmenter
{
    public BpeModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public string[] Split(string line) => Model.Encode(line);

    public string Join(IReadOnlyList<string> tokens) => Model.Decode(tokens);
}
