namespace Recur.Subwords;

/// <summary>What a vocabulary entry is, with sentencepiece's numbering (<c>ModelProto.SentencePiece.Type</c>).</summary>
public enum PieceType
{
    /// <summary>An ordinary piece that encoding may produce by merging.</summary>
    Normal = 1,
    /// <summary>The unknown piece (<c>&lt;unk&gt;</c>).</summary>
    Unknown = 2,
    /// <summary>A control symbol with no surface text (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;pad&gt;</c>).</summary>
    Control = 3,
    /// <summary>A piece the user asked for; the input is cut around it and it is never merged further.</summary>
    UserDefined = 4,
    /// <summary>A piece kept in the vocabulary but split again into the two pieces it was merged from.</summary>
    Unused = 5,
    /// <summary>One byte of UTF-8 (<c>&lt;0x41&gt;</c>), the fallback for characters outside the vocabulary.</summary>
    Byte = 6,
}
