using Recur.Fused;
using Recur.Recurrent;

namespace Recur.Nn;

/// <summary>
/// One recurrent step as a pure function, state in and state out, never stored (PyTorch's nn.RNNCell, LSTMCell,
/// GRUCell, with their parameter names weight_ih (G·H, I), weight_hh (G·H, H), bias_ih, bias_hh). With autograd
/// the step is the same fused scan node as a whole layer, run for one time step; <see cref="CreateStepper"/> gives
/// the allocation-free path for streaming inference.
/// </summary>
public abstract class RecurrentCell : Module
{
    private protected readonly GateKernel Kernel;

    public int InputSize { get; }
    public int HiddenSize { get; }
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor? BiasIh { get; }
    public Tensor? BiasHh { get; }
    public bool HasCellState => Kernel.HasCellState;

    private protected RecurrentCell(GateKernel kernel, int inputSize, int hiddenSize, bool bias, RecurrentInit? init, Generator? generator)
    {
        if (inputSize <= 0 || hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), "Input and hidden sizes must be positive.");
        Kernel = kernel;
        (InputSize, HiddenSize) = (inputSize, hiddenSize);
        int G = kernel.Gates * hiddenSize;
        WeightIh = RegisterParameter("weight_ih", Tensor.Zeros(G, inputSize));
        WeightHh = RegisterParameter("weight_hh", Tensor.Zeros(G, hiddenSize));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Zeros(G));
            BiasHh = RegisterParameter("bias_hh", Tensor.Zeros(G));
        }
        (init ?? RecurrentInit.Default).Apply(hiddenSize, kernel.Gates, kernel.HasCellState, WeightIh, WeightHh, BiasIh, BiasHh, null, generator);
    }

    /// <summary>Advances one step: input (B, I), state H (B, H) [and C (B, H)], zeros when null. Returns the new state.</summary>
    public RecurrentState Forward(Tensor input, RecurrentState? state = null)
    {
        var (h, c) = RecurrentState.ForCellStep(GetType().Name, input, state, InputSize, HiddenSize, Kernel.HasCellState);
        var weights = new RecurrentWeights(WeightIh, WeightHh, BiasIh, BiasHh, null);
        var scan = RecurrentScan.Run(Kernel, input.Unsqueeze(0), h, c, weights, null, reverse: false);
        return new RecurrentState(scan.H, scan.C);
    }

    /// <summary>An allocation-free single-step runner for <paramref name="batch"/> rows, without gradients.</summary>
    public CellStepper CreateStepper(int batch = 1) => new(Kernel, new RecurrentWeights(WeightIh, WeightHh, BiasIh, BiasHh, null), batch);
}
