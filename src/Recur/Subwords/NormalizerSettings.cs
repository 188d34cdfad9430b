namespace Recur.Subwords;

/// <summary>
/// How text is normalised before segmentation (sentencepiece's <c>NormalizerSpec</c>): an optional precompiled
/// character map (e.g. the NFKC-based <c>nmt_nfkc</c> rules that <c>spm_train</c> writes by default), then the
/// whitespace rules.
/// </summary>
public sealed record NormalizerSettings
{
    /// <summary>The rule set's name: <c>identity</c> (no character map) or the name <c>spm_train</c> stored.</summary>
    public string Name { get; init; } = "identity";

    /// <summary>sentencepiece's compiled replacement table (a double-array trie and its replacement strings); empty for none.</summary>
    public byte[] PrecompiledCharsMap { get; init; } = [];

    /// <summary>Put ▁ before the text, so that a word reads the same at the start of a line as after a space.</summary>
    public bool AddDummyPrefix { get; init; } = true;

    /// <summary>Drop leading and trailing spaces and fold runs of spaces into one (decoding then cannot restore them).</summary>
    public bool RemoveExtraWhitespaces { get; init; } = true;

    /// <summary>Write spaces as ▁ (U+2581), so that pieces carry them and decoding restores them.</summary>
    public bool EscapeWhitespaces { get; init; } = true;
}
