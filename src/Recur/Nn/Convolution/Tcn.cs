namespace Recur.Nn;

/// <summary>
/// A temporal convolutional network (Bai, Kolter &amp; Koltun 2018, §3): a stack of <see cref="TemporalBlock"/>s,
/// level i with dilation 2^i, as the reference <c>TemporalConvNet</c> (parameters <c>network.{i}.conv1.weight_g</c>, …),
/// run as an <see cref="ISequenceLayer"/>: time-major (T, B, I) in, (T, B, C_last) out. Output t sees the
/// <see cref="ReceptiveField"/> = 1 + 2·(K−1)·Σ_i 2^i inputs ending at t. The carried state is, for each block,
/// the last d·(K−1) input frames of its two convolutions, (B, C_in, d·(K−1)) then (B, C_out, d·(K−1)).
/// </summary>
public sealed class Tcn : Module, ISequenceLayer
{
    readonly TemporalBlock[] blocks;

    /// <summary>A stack of <paramref name="layers"/> levels of <paramref name="hiddenSize"/> channels each.</summary>
    public Tcn(int inputSize, int hiddenSize, int layers, float dropout = 0f, Generator? generator = null, int kernelSize = 3)
        : this(inputSize, Enumerable.Repeat(hiddenSize, layers).ToArray(), kernelSize, dropout, generator)
    {
    }

    /// <summary>One level per entry of <paramref name="channels"/> (its output channels), as TemporalConvNet(num_inputs, num_channels).</summary>
    public Tcn(int inputSize, IReadOnlyList<int> channels, int kernelSize = 3, float dropout = 0f, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0) throw new ArgumentException("A TCN needs at least one level.", nameof(channels));
        if (inputSize < 1 || channels.Any(c => c < 1)) throw new ArgumentException($"Tcn: input size {inputSize} and channels [{string.Join(", ", channels)}] must be positive.");
        blocks = new TemporalBlock[channels.Count];
        for (int i = 0; i < blocks.Length; i++)
            blocks[i] = new TemporalBlock(i == 0 ? inputSize : channels[i - 1], channels[i], kernelSize, 1 << i, dropout, generator);
        RegisterModule("network", new Sequential(blocks));
        InputSize = inputSize; KernelSize = kernelSize;
    }

    public int InputSize { get; }
    public int OutputSize => blocks[^1].OutChannels;
    public int KernelSize { get; }
    public IReadOnlyList<TemporalBlock> Blocks => blocks;

    /// <summary>Inputs each output sees: 1 + 2·(K−1)·(2^L − 1) for L levels (two convolutions per level).</summary>
    public int ReceptiveField => 1 + 2 * blocks.Sum(b => b.History);

    public SequenceState ZeroState(int batch)
    {
        var tensors = new List<Tensor>();
        foreach (var b in blocks)
        {
            tensors.Add(Tensor.Zeros(batch, b.InChannels, b.History));
            tensors.Add(Tensor.Zeros(batch, b.OutChannels, b.History));
        }
        return new SequenceState(tensors);
    }

    public (Tensor Output, SequenceState State) Forward(Tensor input, SequenceState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != InputSize)
            throw new ArgumentException($"Tcn expects input of shape (T, B, {InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        int batch = input.Shape[1];
        state?.CheckShapes(nameof(Tcn), blocks.SelectMany(b => new[] { new[] { batch, b.InChannels, b.History }, [batch, b.OutChannels, b.History] }).ToArray());
        var x = input.Permute(1, 2, 0).Contiguous(); // (B, I, T)
        var carried = new Tensor[2 * blocks.Length];
        for (int i = 0; i < blocks.Length; i++)
            (x, carried[2 * i], carried[2 * i + 1]) = blocks[i].Forward(x, state?.Tensors[2 * i], state?.Tensors[2 * i + 1]);
        return (x.Permute(2, 0, 1).Contiguous(), new SequenceState(carried)); // (T, B, C)
    }

    public ISequenceStepper CreateStepper(int batch = 1) => new TcnStepper(blocks, batch);
}
