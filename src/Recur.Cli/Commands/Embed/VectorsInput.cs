using System.CommandLine;
using Recur.Embeddings;
using Recur.Embeddings.FastText;
using Recur.Embeddings.Formats;
using Recur.Embeddings.Word2Vec;

namespace Recur.Cli.Commands.Embed;

/// <summary>
/// The --vectors option every inspection command takes, and loading it: word2vec text (.vec, .txt), word2vec binary
/// (.bin), or a fastText model (.bin with fastText's magic number), which also answers unseen words from n-grams.
/// </summary>
internal static class VectorsInput
{
    public static Option<string> Option() =>
        new("--vectors") { Description = "Word vectors: word2vec/fastText text (.vec, .txt), word2vec binary (.bin) or a fastText model (.bin).", Required = true };

    public static WordVectors Load(string path) => WordVectorsFile.Load(path);

    /// <summary>The vectors, unit length, and for a fastText model with subwords the model itself.</summary>
    public static (WordVectors Unit, Word2VecModel? Subwords) LoadForQueries(string path)
    {
        if (WordVectorsFile.IsBinary(path) && FastTextModelFile.IsFastTextModel(path))
        {
            var model = FastTextModelFile.Read(path);
            return (model.ToWordVectors().Normalized(), model.Options.UsesSubwords ? model : null);
        }
        return (Load(path).Normalized(), null);
    }
}
