using Recur.Kernels.Convolution;

namespace Recur.Nn;

/// <summary>
/// One S4D layer (Gu et al. 2022), s4d.py's S4D over time-major input (T, B, H): y = K * u + D⊙u with the
/// <see cref="S4dKernel"/>'s convolution kernel K (H, T), then GELU, dropout, a 1×1 convolution H → 2H
/// (<c>output_linear.0</c>) and a GLU back to H. Parameters: <c>D</c> (H) ~ N(0, 1), <c>kernel.*</c>,
/// <c>output_linear.0.weight</c> (2H, H, 1) and <c>.bias</c> (2H), so a PyTorch state_dict loads by name.
/// With a carried state (the modal state x (B, H, N) after the previous chunk) the outputs add its readout and the
/// layer returns the state after this chunk, so chunks give the outputs of one pass.
/// </summary>
public sealed class S4d : Module, IUnaryModule
{
    readonly PointwiseConvolution outputLinear;
    readonly Generator? generator;

    public S4d(int channels, int stateSize = 64, S4dInit init = S4dInit.Lin, float dropout = 0f, Generator? generator = null,
        float dtMin = 0.001f, float dtMax = 0.1f)
    {
        if (dropout is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout probability must lie in [0, 1).");
        this.generator = generator;
        Channels = channels;
        DropoutProbability = dropout;
        D = RegisterParameter("D", Tensor.Zeros(channels));
        Init.Normal(D, 0f, 1f, generator);
        Kernel = RegisterModule("kernel", new S4dKernel(channels, stateSize, init, dtMin, dtMax, generator));
        outputLinear = new PointwiseConvolution(channels, 2 * channels, generator);
        RegisterModule("output_linear", new Sequential(outputLinear));
    }

    public int Channels { get; }

    /// <summary>N, real floats of state per channel.</summary>
    public int StateSize => Kernel.StateSize;

    public float DropoutProbability { get; }

    public S4dKernel Kernel { get; }

    public Tensor D { get; }

    internal PointwiseConvolution OutputLinear => outputLinear;

    /// <summary>How the long convolution runs (direct, FFT, or by length).</summary>
    public ConvolutionMethod Convolution { get; set; } = ConvolutionMethod.Auto;

    /// <summary>Runs over input (T, B, H) from the zero state, computing no state to carry.</summary>
    public Tensor Forward(Tensor input) => Run(input, null, carry: false).Output;

    /// <summary>Runs over input (T, B, H) from <paramref name="state"/> (B, H, N; zeros when null); returns (T, B, H) and the state after the last step.</summary>
    public (Tensor Output, Tensor State) Forward(Tensor input, Tensor? state)
    {
        var (output, next) = Run(input, state, carry: true);
        return (output, next!);
    }

    (Tensor Output, Tensor? State) Run(Tensor input, Tensor? state, bool carry)
    {
        if (input.Rank != 3 || input.Shape[2] != Channels)
            throw new ArgumentException($"S4d expects input (T, B, H {Channels}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        int steps = input.Shape[0], batch = input.Shape[1];
        if (state is not null && !state.Shape.SequenceEqual([batch, Channels, StateSize]))
            throw new ArgumentException($"S4d: the state must be (B {batch}, H {Channels}, N {StateSize}), got {Tensor.ShapeString(state.Shape)}.", nameof(state));
        var u = input.Permute(1, 2, 0).Contiguous();                                   // (B, H, T)
        var y = Functional.CausalConvolution(u, Kernel.Forward(steps), Convolution) + u * D.Reshape(Channels, 1);
        if (state is not null) y += Kernel.Readout(state, steps);
        var next = carry ? Kernel.Advance(state, u.Detach()) : null;
        var z = Functional.Gelu(y.Permute(2, 0, 1).Contiguous());                       // (T, B, H)
        z = Functional.Dropout(z, DropoutProbability, Training, generator);
        var g = outputLinear.Forward(z);                                                // (T, B, 2H)
        return (g.Narrow(2, 0, Channels) * g.Narrow(2, Channels, Channels).Sigmoid(), next);
    }
}
