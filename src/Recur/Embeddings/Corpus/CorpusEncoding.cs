namespace Recur.Embeddings.Corpus;

/// <summary>How the bytes of a training corpus are decoded.</summary>
public enum CorpusEncoding
{
    /// <summary>UTF-8; an invalid sequence stops reading with the byte offset, never a silent replacement.</summary>
    Utf8,

    /// <summary>ISO-8859-1: every byte is one character (public-domain texts often come this way).</summary>
    Latin1,
}
