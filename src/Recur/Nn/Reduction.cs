namespace Recur.Nn;

/// <summary>How a loss combines its per-element values (PyTorch's <c>reduction</c>).</summary>
public enum Reduction { Mean, Sum, None }
