namespace Recur.Tests.Fuzzing;

/// <summary>The edits a fuzzer makes to a valid file; see <see cref="Mutation.Apply"/>.</summary>
public enum MutationKind { FlipBit, SetByte, Truncate, Duplicate, Delete, SizeField, Number }
