namespace Recur;

/// <summary>
/// Version counters, as PyTorch keeps them: every in-place write bumps the counter of the storage it writes to
/// (views share their base's counter), and a node checks at backward time that the tensors it saved are still
/// at the version they had when it was recorded. A changed saved tensor would silently give wrong gradients, so
/// it is an error naming the op.
/// </summary>
public sealed partial class Tensor
{
    Tensor? root;    // the tensor whose storage this one views; null for a tensor that owns its storage
    int version;

    /// <summary>How many in-place writes this tensor's storage has seen (PyTorch's <c>_version</c>).</summary>
    public int Version => (root ?? this).version;

    /// <summary>
    /// Records an in-place write to this tensor's storage. The indexer, optimisers and <c>LoadStateDict</c> call it;
    /// code that writes through <see cref="AsSpan"/> after the tensor was used in a graph should call it too.
    /// </summary>
    public void MarkModified() => (root ?? this).version++;

    /// <summary>The tensors a node's backward reads, with the versions they had when it was recorded.</summary>
    struct SavedTensors
    {
        Tensor? first, second;
        int firstVersion, secondVersion;
        Tensor[]? more;
        int[]? moreVersions;

        public SavedTensors(Tensor? first, Tensor? second)
        {
            this.first = first; this.second = second;
            firstVersion = first?.Version ?? 0;
            secondVersion = second?.Version ?? 0;
            more = null; moreVersions = null;
        }

        public void Add(Tensor[] tensors)
        {
            more = tensors;
            moreVersions = new int[tensors.Length];
            for (int i = 0; i < tensors.Length; i++) moreVersions[i] = tensors[i].Version;
        }

        public readonly void Check(string op)
        {
            if (first is not null && first.Version != firstVersion) throw Modified(op, first.Version, firstVersion);
            if (second is not null && second.Version != secondVersion) throw Modified(op, second.Version, secondVersion);
            if (more is null) return;
            for (int i = 0; i < more.Length; i++)
                if (more[i].Version != moreVersions![i]) throw Modified(op, more[i].Version, moreVersions[i]);
        }

        static InvalidOperationException Modified(string op, int now, int then) =>
            new($"A tensor that {op} saved for the backward pass was modified in place (version {now}, saved at version {then}); " +
                "compute the gradient before changing it, or change a copy.");
    }
}
