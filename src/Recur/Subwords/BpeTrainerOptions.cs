namespace Recur.Subwords;

/// <summary>
/// Settings of <see cref="BpeTrainer"/>, named after <c>spm_train</c>'s flags. A joint source/target vocabulary is
/// trained on both sides' text together; separate vocabularies are two trainings, one per side.
/// </summary>
public sealed record BpeTrainerOptions
{
    /// <summary>
    /// Size of the final vocabulary (sentencepiece's convention): the three special pieces, the 256 byte pieces when
    /// <see cref="ByteFallback"/> is on, the characters kept by <see cref="CharacterCoverage"/> and the merged pieces.
    /// </summary>
    public int VocabSize { get; init; } = 8000;

    /// <summary>Keep the most frequent characters that together cover this fraction of the text; the rest are unknown.</summary>
    public double CharacterCoverage { get; init; } = 0.9995;

    /// <summary>Add the 256 byte pieces so that unknown characters are written as UTF-8 bytes instead of <c>&lt;unk&gt;</c>.</summary>
    public bool ByteFallback { get; init; }

    /// <summary>No piece is longer than this many characters.</summary>
    public int MaxPieceLength { get; init; } = 16;

    /// <summary>The normalisation stored in the model and applied to the training text (identity, spaces folded, ▁ prefix).</summary>
    public NormalizerSettings Normalizer { get; init; } = new();

    internal void Validate()
    {
        if (VocabSize < 4) throw new ArgumentOutOfRangeException(nameof(VocabSize), VocabSize, "The vocabulary size must be at least 4.");
        if (!(CharacterCoverage > 0 && CharacterCoverage <= 1))
            throw new ArgumentOutOfRangeException(nameof(CharacterCoverage), CharacterCoverage, "Character coverage must be in (0, 1].");
        if (MaxPieceLength < 1) throw new ArgumentOutOfRangeException(nameof(MaxPieceLength), MaxPieceLength, "The longest piece must be at least 1 character.");
        ArgumentNullException.ThrowIfNull(Normalizer);
    }
}
