namespace Recur.NGram;

/// <summary>
/// The context an n-gram model carries between words: entry j is the id, at order j+1, of the last j+1 words, for as
/// many words as the model has n-grams for (at most N−1). Immutable; equal states give equal futures, so a beam
/// search may merge hypotheses whose states are equal.
/// </summary>
public readonly struct NGramState : IEquatable<NGramState>
{
    readonly int[]? ids;

    internal NGramState(int[] ids) => this.ids = ids;

    public int Length => ids?.Length ?? 0;

    internal ReadOnlySpan<int> Ids => ids;

    public bool Equals(NGramState other) => Ids.SequenceEqual(other.Ids);

    public override bool Equals(object? obj) => obj is NGramState other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Ids));
        return hash.ToHashCode();
    }

    public static bool operator ==(NGramState left, NGramState right) => left.Equals(right);

    public static bool operator !=(NGramState left, NGramState right) => !left.Equals(right);
}
