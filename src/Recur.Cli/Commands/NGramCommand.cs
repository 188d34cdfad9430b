using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary>`recur ngram …`: n-gram language models.</summary>
internal static class NGramCommand
{
    public static Command Create() => new("ngram", "N-gram language models (not yet available).");
}
