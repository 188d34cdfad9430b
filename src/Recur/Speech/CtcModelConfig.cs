using Recur.LanguageModels;

namespace Recur.Speech;

/// <summary>
/// The shape of a <see cref="CtcAcousticModel"/>: <see cref="Stack"/> consecutive feature frames concatenated into
/// one (time subsampled by that factor), an optional ReLU layer of <see cref="FrontendSize"/> units over them,
/// <see cref="Layers"/> recurrent layers of <see cref="Hidden"/> units per direction, and a linear layer onto the
/// <see cref="Classes"/> CTC classes (blank included).
/// </summary>
public sealed record CtcModelConfig(int InputSize, int Classes, int Stack = 1, int FrontendSize = 0, CellKind Cell = CellKind.Lstm,
    int Layers = 3, int Hidden = 256, bool Bidirectional = true, float Dropout = 0f)
{
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Frames the recurrent layers see for <paramref name="frames"/> feature frames.</summary>
    public int OutputFrames(int frames) => (frames + Stack - 1) / Stack;

    /// <summary>
    /// Parameters of the model this describes, computed without building it (so that a checkpoint can be checked
    /// against its weights file before anything is allocated): per recurrent layer and direction G·H·(input + H)
    /// weights and two biases of G·H, with G = 4 gates (LSTM), 3 (GRU) or 1 (RNN). For the other kinds a lower bound:
    /// every level maps H features to H at least.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long gates = Cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 } * (long)Hidden;
            long input = (long)Stack * InputSize, count = 0;
            if (FrontendSize > 0) (count, input) = (FrontendSize * (input + 1), FrontendSize);
            for (int layer = 0; layer < Layers; layer++, input = (long)Directions * Hidden)
                count += Cell.IsRecurrent() ? Directions * gates * (input + Hidden + 2) : (long)Hidden * Hidden;
            return count + Classes * ((long)Directions * Hidden + 1);
        }
    }

    public void Validate()
    {
        if (InputSize < 1) throw new ArgumentException($"The input size must be at least 1, not {InputSize}.");
        if (Classes < 2) throw new ArgumentException($"A CTC model needs the blank and at least one character, not {Classes} classes.");
        if (Stack is < 1 or > 8) throw new ArgumentException($"Frames stacked must lie in 1…8, not {Stack}.");
        if (FrontendSize < 0) throw new ArgumentException($"The front-end size must be 0 (none) or more, not {FrontendSize}.");
        if (Cell == CellKind.Nplm)
            throw new ArgumentException("An nplm body is a language model's window over the previous words; an acoustic model takes rnn, lstm, gru, tcn, mingru, minlstm, lru, s4d or mamba.");
        if (!Cell.IsRecurrent() && Bidirectional)
            throw new ArgumentException($"A {Cell.ToString().ToLowerInvariant()} stack reads left to right only: set Bidirectional false (--bidirectional false); only rnn, lstm and gru run in both directions.");
        if (Layers < 1 || Hidden < 1) throw new ArgumentException($"The recurrent stack needs at least one layer of one unit, not {Layers}×{Hidden}.");
        if (Dropout is < 0f or >= 1f) throw new ArgumentException($"Dropout must lie in [0, 1), not {Dropout}.");
    }
}
