namespace Recur.Translation;

/// <summary>The tokens of a text without byte-pair pieces: words (<see cref="WordSegmenter"/>) or characters.</summary>
public enum TokenLevel { Word, Char }
