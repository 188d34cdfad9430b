using System.CommandLine;
using Recur.Embeddings;
using Recur.Embeddings.Formats;

namespace Recur.Cli.Commands.Embed;

/// <summary>The --vectors option every inspection command takes, and loading it (format by extension: .bin binary, else text).</summary>
internal static class VectorsInput
{
    public static Option<string> Option() =>
        new("--vectors") { Description = "Word vectors: word2vec/fastText text (.vec, .txt) or word2vec binary (.bin).", Required = true };

    public static WordVectors Load(string path) => WordVectorsFile.Load(path);
}
