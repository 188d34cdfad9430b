namespace Recur.Embeddings.Formats;

/// <summary>
/// Loads and saves word vectors in word2vec binary (".bin") or text (any other name, ".vec" and ".txt" included). A
/// ".bin" that starts with fastText's magic number is read as a fastText model and gives its vocabulary's vectors.
/// </summary>
public static class WordVectorsFile
{
    public static bool IsBinary(string path) => Path.GetExtension(path).Equals(".bin", StringComparison.OrdinalIgnoreCase);

    public static WordVectors Load(string path)
    {
        if (!IsBinary(path)) return Word2VecTextFormat.Read(path);
        return FastText.FastTextModelFile.IsFastTextModel(path) ? FastText.FastTextModelFile.Read(path).ToWordVectors() : Word2VecBinaryFormat.Read(path);
    }

    public static void Save(string path, WordVectors vectors)
    {
        if (IsBinary(path)) Word2VecBinaryFormat.Write(path, vectors);
        else Word2VecTextFormat.Write(path, vectors);
    }
}
