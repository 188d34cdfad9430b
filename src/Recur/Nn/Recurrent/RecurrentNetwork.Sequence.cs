namespace Recur.Nn;

/// <summary>
/// RNN, LSTM and GRU stacks as <see cref="ISequenceLayer"/>s, so that they stand beside convolutional and
/// state-space layers in the same models and benchmarks. The carried state is PyTorch's h_n [and c_n] with the
/// batch moved to the front: (B, layers·D, P) [and (B, layers·D, H)].
/// </summary>
public abstract partial class RecurrentNetwork : ISequenceLayer
{
    int ISequenceLayer.OutputSize => OutputSize * Directions;

    SequenceState ISequenceLayer.ZeroState(int batch) => ToSequenceState(new RecurrentState(
        Tensor.Zeros(NumLayers * Directions, batch, OutputSize),
        kernel.HasCellState ? Tensor.Zeros(NumLayers * Directions, batch, HiddenSize) : null));

    (Tensor Output, SequenceState State) ISequenceLayer.Forward(Tensor input, SequenceState? state)
    {
        if (BatchFirst) throw new NotSupportedException("As a sequence layer the network reads time-major input; build it with batchFirst: false.");
        RecurrentState? initial = null;
        if (state is not null)
        {
            var t = state.Tensors;
            if (t.Count != (kernel.HasCellState ? 2 : 1)) throw new ArgumentException($"{GetType().Name} carries {(kernel.HasCellState ? 2 : 1)} state tensors, got {t.Count}.");
            initial = new RecurrentState(t[0].Transpose(0, 1).Contiguous(), kernel.HasCellState ? t[1].Transpose(0, 1).Contiguous() : null);
        }
        var (output, final) = Forward(input, initial);
        return (output, ToSequenceState(final));
    }

    ISequenceStepper ISequenceLayer.CreateStepper(int batch) => new RecurrentSequenceStepper(CreateStepper(batch), batch,
        NumLayers * OutputSize, kernel.HasCellState ? NumLayers * HiddenSize : 0);

    static SequenceState ToSequenceState(RecurrentState s) => new(s.C is null
        ? [s.H.Transpose(0, 1).Contiguous()]
        : [s.H.Transpose(0, 1).Contiguous(), s.C.Transpose(0, 1).Contiguous()]);
}
