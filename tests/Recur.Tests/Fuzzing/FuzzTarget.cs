namespace Recur.Tests.Fuzzing;

/// <summary>
/// A reader of user files under fuzzing: valid seed files, the call that reads a file, and which exceptions are the
/// reader's own documented error for that file (anything else is a bug).
/// </summary>
public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<string> Read, Func<Exception, string, bool> IsDocumented);
