using System.CommandLine;

namespace Recur.Cli.Commands;

/// <summary>`recur lm …`: character-level language models.</summary>
internal static class LmCommand
{
    public static Command Create() => new("lm", "Character-level language models (not yet available).");
}
