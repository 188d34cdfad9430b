using System.Runtime.CompilerServices;

namespace Recur.NGram;

/// <summary>Splits a line into whitespace-separated tokens without allocating.</summary>
internal static class Whitespace
{
    /// <summary>Moves <paramref name="position"/> past the next token and returns it; false at the end of the line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextToken(ReadOnlySpan<char> line, ref int position, out ReadOnlySpan<char> token)
    {
        int i = position;
        while (i < line.Length && IsSpace(line[i])) i++;
        int start = i;
        while (i < line.Length && !IsSpace(line[i])) i++;
        position = i;
        token = line[start..i];
        return i > start;
    }

    /// <summary><see cref="char.IsWhiteSpace(char)"/>, answering the printable ASCII that fills model files at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool IsSpace(char c) => (uint)(c - '!') > '~' - '!' && char.IsWhiteSpace(c);
}
