using Recur.LanguageModels;
using Recur.Nn;

namespace Recur.Bench;

/// <summary>
/// The sequence layers the issue-#15 benchmarks compare, built by name through one switch, and sized to a parameter
/// budget: <see cref="HiddenFor"/> searches the hidden size whose whole model (layer plus whatever the caller adds
/// around it) comes nearest a target count, so that every family is compared at equal size.
/// </summary>
public static class SequenceLayers
{
    /// <summary>The names <see cref="Create"/> knows, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["rnn", "lstm", "gru", "tcn", "mingru", "minlstm", "lru", "s4d", "mamba"];

    /// <summary>
    /// A layer stack reading <paramref name="inputSize"/> features with hidden size <paramref name="hiddenSize"/> and
    /// <paramref name="layers"/> layers (null: the family's own depth, <see cref="DefaultLayers"/>); a TCN's convolutions
    /// have <paramref name="tcnKernel"/> taps (locuslab/TCN runs the adding problem with 7, copy memory with 8).
    /// </summary>
    public static ISequenceLayer Create(string name, int inputSize, int hiddenSize, int? layers = null, Generator? generator = null, int tcnKernel = 3)
    {
        int depth = layers ?? DefaultLayers(name);
        if (name == "tcn") return new Tcn(inputSize, hiddenSize, depth, generator: generator, kernelSize: tcnKernel);
        return (ISequenceLayer)Kind(name).CreateSequenceLayer(inputSize, hiddenSize, depth, generator: generator);
    }

    static CellKind Kind(string name) => Names.Contains(name) && Enum.TryParse<CellKind>(name, ignoreCase: true, out var kind) ? kind
        : throw new ArgumentException($"Unknown sequence layer '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The depth a family runs at when none is given: one layer for the recurrent networks, enough levels for a TCN to see the whole sequence.</summary>
    public static int DefaultLayers(string name) => name switch
    {
        "rnn" or "lstm" or "gru" => 1,
        // Kernel 3 over 8 levels sees 1 + 2·2·(2⁸ − 1) = 1,021 steps: the whole copy-memory sequence at T = 1000.
        "tcn" => 8,
        "mingru" or "minlstm" or "lru" or "s4d" or "mamba" => 2,
        _ => throw new ArgumentException($"Unknown sequence layer '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Trainable scalars of <paramref name="name"/> at this size (the layer alone).</summary>
    public static long ParameterCount(string name, int inputSize, int hiddenSize, int? layers = null, int tcnKernel = 3) =>
        ((Module)Create(name, inputSize, hiddenSize, layers, new Generator(0), tcnKernel)).ParameterCount;

    /// <summary>
    /// The hidden size in [1, <paramref name="maxHidden"/>] whose layer plus <paramref name="around"/>(hidden) — the
    /// head, embedding or other parts that grow with it — comes nearest <paramref name="targetParameters"/>. Parameter
    /// counts grow with the hidden size in every family, so doubling then bisecting finds it; doubling first keeps
    /// every layer built on the way no larger than twice the answer.
    /// </summary>
    public static int HiddenFor(string name, int inputSize, long targetParameters, Func<int, long>? around = null, int? layers = null, int maxHidden = 8192, int tcnKernel = 3)
    {
        if (targetParameters < 1) throw new ArgumentOutOfRangeException(nameof(targetParameters), targetParameters, "The target parameter count must be positive.");
        long Count(int h) => ParameterCount(name, inputSize, h, layers, tcnKernel) + (around?.Invoke(h) ?? 0);
        int lo = 1, hi = 1;
        while (hi < maxHidden && Count(hi) < targetParameters) (lo, hi) = (hi + 1, Math.Min(2 * hi, maxHidden));
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (Count(mid) < targetParameters) lo = mid + 1; else hi = mid;
        }
        // lo is the smallest size reaching the target; the one below may be nearer.
        return lo > 1 && targetParameters - Count(lo - 1) < Count(lo) - targetParameters ? lo - 1 : lo;
    }
}
