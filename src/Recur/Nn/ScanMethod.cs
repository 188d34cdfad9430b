namespace Recur.Nn;

/// <summary>
/// How <see cref="Functional.LinearScan"/> runs: <see cref="Auto"/> picks by size and thread count (the rule is on
/// <see cref="Functional.LinearScan"/>); the others force a kernel, for tests and benchmarks.
/// </summary>
public enum ScanMethod { Auto, Sequential, Chunked }
