namespace Recur.Subwords;

/// <summary>One vocabulary entry: its text (whitespace written as ▁), its score (higher merges first) and its type.</summary>
public readonly record struct SubwordPiece(string Text, float Score, PieceType Type = PieceType.Normal);
