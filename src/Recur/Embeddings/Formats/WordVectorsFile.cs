namespace Recur.Embeddings.Formats;

/// <summary>Loads and saves word vectors in word2vec binary (".bin") or text (any other name, ".vec" and ".txt" included).</summary>
public static class WordVectorsFile
{
    public static bool IsBinary(string path) => Path.GetExtension(path).Equals(".bin", StringComparison.OrdinalIgnoreCase);

    public static WordVectors Load(string path) => IsBinary(path) ? Word2VecBinaryFormat.Read(path) : Word2VecTextFormat.Read(path);

    public static void Save(string path, WordVectors vectors)
    {
        if (IsBinary(path)) Word2VecBinaryFormat.Write(path, vectors);
        else Word2VecTextFormat.Write(path, vectors);
    }
}
