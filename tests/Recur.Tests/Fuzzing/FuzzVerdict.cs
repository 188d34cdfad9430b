namespace Recur.Tests.Fuzzing;

/// <summary>
/// What a reader did with one input: parsed it, refused it with its own documented error (both allowed), or one of
/// the failures a fuzzer looks for.
/// </summary>
public enum FuzzVerdict { Parsed, Refused, WrongException, Hang, Allocation }
