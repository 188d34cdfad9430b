using Recur.LanguageModels;
using Recur.Nn;

namespace Recur.Speech;

/// <summary>
/// A CTC acoustic model in the manner of Graves et al. 2006 and Deep Speech 2's recurrent stack: feature frames
/// (T, B, F) → stacks of <c>k</c> consecutive frames (T/k, B, k·F), a strided front end with kernel = stride = k that
/// lowers the frame rate the recurrence runs at (Sak et al. 2015; Chan et al. 2016) → optional ReLU layer → (bi)LSTM/GRU
/// stack over packed lengths, or any other <see cref="CellKind"/>'s causal stack → linear → log-softmax over the
/// classes (blank 0). A causal stack needs no lengths: the padding after a row's end cannot change its earlier
/// outputs. Parameter names follow a PyTorch module with attributes <c>frontend</c>, <c>rnn</c> (or the kind's
/// name) and <c>head</c>.
/// </summary>
public sealed class CtcAcousticModel : Module
{
    readonly Linear? frontend;
    readonly RecurrentNetwork? rnn;
    readonly ISequenceLayer body;
    readonly Linear head;
    readonly Generator generator;

    /// <param name="generator">Draws the initial weights, then every dropout mask.</param>
    public CtcAcousticModel(CtcModelConfig config, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        this.generator = generator ?? throw new ArgumentNullException(nameof(generator));
        int stacked = config.Stack * config.InputSize, input = stacked;
        if (config.FrontendSize > 0)
        {
            frontend = RegisterModule("frontend", new Linear(stacked, config.FrontendSize, generator: generator));
            input = config.FrontendSize;
        }
        body = config.Cell.IsRecurrent()
            ? rnn = RegisterModule("rnn", config.Cell.Create(input, config.Hidden, config.Layers, config.Dropout, config.Bidirectional, generator))
            : (ISequenceLayer)RegisterModule(config.Cell.ModuleName(), config.Cell.CreateSequenceLayer(input, config.Hidden, config.Layers, config.Dropout, generator));
        head = RegisterModule("head", new Linear(config.Hidden * config.Directions, config.Classes, generator: generator));
    }

    public CtcModelConfig Config { get; }

    /// <summary>
    /// Log-probabilities (T', B, C) for the padded, time-major <paramref name="features"/> (T·B·F: frame t of row b at
    /// (t·B + b)·F) of <paramref name="lengths"/> (B; each 1…T), and the frames of each row at the model's rate.
    /// </summary>
    public (Tensor LogProbs, int[] Lengths) Forward(ReadOnlySpan<float> features, int frames, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        int B = lengths.Length, F = Config.InputSize, k = Config.Stack;
        if (B == 0 || frames < 1 || features.Length != frames * B * F)
            throw new ArgumentException($"Expected {frames}·{B}·{F} feature values for {frames} frames of {B} rows, got {features.Length}.");
        int steps = Config.OutputFrames(frames);
        var outLengths = new int[B];
        for (int b = 0; b < B; b++)
        {
            if (lengths[b] < 1 || lengths[b] > frames) throw new ArgumentException($"Row {b}'s length {lengths[b]} lies outside 1…{frames}.");
            outLengths[b] = Config.OutputFrames(lengths[b]);
        }
        var x = Tensor.FromArray(Stack(features, frames, B, F, k), steps, B, k * F);      // (T', B, k·F)
        if (frontend is not null) x = Functional.Dropout(frontend.Forward(x).Relu(), Config.Dropout, Training, generator);
        var y = rnn is not null ? rnn.Forward(x, null, outLengths).Output : body.Forward(x).Output;  // (T', B, D·H)
        y = Functional.Dropout(y, Config.Dropout, Training, generator);
        return (head.Forward(y).LogSoftmax(2), outLengths);                                 // (T', B, C)
    }

    /// <summary>
    /// Frame stacking as plain data (the features need no gradient): output frame s of row b is input frames
    /// s·k … s·k + k − 1 side by side, zeros past the end.
    /// </summary>
    static float[] Stack(ReadOnlySpan<float> features, int frames, int B, int F, int k)
    {
        if (k == 1) return features.ToArray();
        int steps = (frames + k - 1) / k;
        var stacked = new float[steps * B * k * F];
        for (int t = 0; t < frames; t++)
        {
            int s = t / k, slot = t % k;
            for (int b = 0; b < B; b++)
                features.Slice((t * B + b) * F, F).CopyTo(stacked.AsSpan(((s * B + b) * k + slot) * F, F));
        }
        return stacked;
    }
}
