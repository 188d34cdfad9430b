namespace Recur.Tests.Fuzzing;

/// <summary>
/// A reader of user files under fuzzing: valid seed files, the call that reads a file, and which exceptions are the
/// reader's own documented error for that file (anything else is a bug). A binary format may also name the
/// (offset, width) of a seed's header fields, so that size-field edits land on them and not only where chance puts
/// them (see <see cref="Mutation.Apply"/>).
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<string> Read, Func<Exception, string, bool> IsDocumented,
    Func<byte[], IReadOnlyList<(int Offset, int Width)>>? Fields = null)
{
    /// <summary>Seed file <paramref name="seed"/> with <paramref name="mutations"/> applied in order.</summary>
    public byte[] Mutate(int seed, IEnumerable<Mutation> mutations) =>
        Mutation.Apply(Seeds[seed], mutations, Fields?.Invoke(Seeds[seed]));
}
