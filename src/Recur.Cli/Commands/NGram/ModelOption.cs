namespace Recur.Cli.Commands.NGram;

/// <summary>What `--model` (alias `--arpa`) of eval and score accepts.</summary>
internal static class ModelOption
{
    public const string Description = "Model file: ARPA text, or binary from `ngram build-binary` (told apart by its first bytes).";
}
