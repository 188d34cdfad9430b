using Recur.Kernels.Recurrent;

namespace Recur.Recurrent;

/// <summary>
/// What distinguishes RNN, LSTM and GRU inside the shared scan: the number of gate blocks, whether a cell state
/// rides along, how much is saved per step, and the fused forward/backward gate kernels. Everything else (the
/// GEMMs, time order, lengths, autograd) is written once in <c>Fused.RecurrentScan</c>.
/// Shapes per step: gate buffers (B, G·H); states (B, H); saved (B, SavedGates·H).
/// </summary>
internal abstract class GateKernel
{
    public static readonly GateKernel Lstm = new LstmKernel();
    public static readonly GateKernel Gru = new GruKernel();
    public static readonly GateKernel RnnTanh = new RnnKernel(relu: false);
    public static readonly GateKernel RnnRelu = new RnnKernel(relu: true);

    /// <summary>Gate blocks stacked in the weight rows: 4 (i, f, g, o), 3 (r, z, n) or 1.</summary>
    public abstract int Gates { get; }

    /// <summary>Floats per hidden unit saved per step for backward.</summary>
    public virtual int SavedGates => 0;

    /// <summary>
    /// True when <see cref="Forward"/> may write the saved activations over its input-gate buffer: each lane reads
    /// its pre-activations before writing the same positions. The scan then keeps one (T, B, G) buffer instead of
    /// two, and each step's write lands on cache lines the step has just read.
    /// </summary>
    public virtual bool SavesOverInputGates => false;

    public virtual bool HasCellState => false;

    /// <summary>True when the gradient of the recurrent projection differs from the input projection's (GRU).</summary>
    public virtual bool SeparateHiddenGradient => false;

    public abstract string Name { get; }

    /// <summary>One step: pre-activations in, new state out. <paramref name="h"/> receives the new hidden state.</summary>
    public abstract void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
        ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> saved, Span<float> c, Span<float> h);

    /// <summary>
    /// One step back: writes the pre-activation gradients (input side, and hidden side when separate), dc_prev, and
    /// the part of dh_prev that does not pass through W_hh (z ⊙ dh for GRU, zero otherwise).
    /// </summary>
    public abstract void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc, ReadOnlySpan<float> saved,
        ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> h,
        Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dcPrev, Span<float> dhPrevDirect);

    /// <summary>
    /// <see cref="Forward"/> with the batch rows split between threads (<see cref="BatchRows"/>). Every buffer but the
    /// bias holds <paramref name="batch"/> equal rows, or is empty.
    /// </summary>
    public void ForwardRows(int batch, int hidden, ReadOnlyMemory<float> inputGates, ReadOnlyMemory<float> hiddenGates,
        ReadOnlyMemory<float> hiddenBias, ReadOnlyMemory<float> hPrev, ReadOnlyMemory<float> cPrev, Memory<float> saved, Memory<float> c, Memory<float> h)
    {
        var work = new ForwardWork(this, batch, hidden, inputGates, hiddenGates, hiddenBias, hPrev, cPrev, saved, c, h);
        BatchRows.Run(ref work, batch, Gates * hidden);
    }

    /// <summary><see cref="Backward"/> with the batch rows split between threads, as <see cref="ForwardRows"/>.</summary>
    public void BackwardRows(int batch, int hidden, ReadOnlyMemory<float> dh, ReadOnlyMemory<float> dc, ReadOnlyMemory<float> saved,
        ReadOnlyMemory<float> hPrev, ReadOnlyMemory<float> cPrev, ReadOnlyMemory<float> c, ReadOnlyMemory<float> h,
        Memory<float> dInputGates, Memory<float> dHiddenGates, Memory<float> dcPrev, Memory<float> dhPrevDirect)
    {
        var work = new BackwardWork(this, batch, hidden, dh, dc, saved, hPrev, cPrev, c, h, dInputGates, dHiddenGates, dcPrev, dhPrevDirect);
        BatchRows.Run(ref work, batch, Gates * hidden);
    }

    readonly struct ForwardWork(GateKernel kernel, int batch, int hidden, ReadOnlyMemory<float> inputGates, ReadOnlyMemory<float> hiddenGates,
        ReadOnlyMemory<float> hiddenBias, ReadOnlyMemory<float> hPrev, ReadOnlyMemory<float> cPrev, Memory<float> saved, Memory<float> c, Memory<float> h) : IRowWork
    {
        public void Execute(int row0, int rows) => kernel.Forward(rows, hidden, Rows(inputGates, batch, row0, rows), Rows(hiddenGates, batch, row0, rows),
            hiddenBias.Span, Rows(hPrev, batch, row0, rows), Rows(cPrev, batch, row0, rows), Rows(saved, batch, row0, rows),
            Rows(c, batch, row0, rows), Rows(h, batch, row0, rows));
    }

    readonly struct BackwardWork(GateKernel kernel, int batch, int hidden, ReadOnlyMemory<float> dh, ReadOnlyMemory<float> dc, ReadOnlyMemory<float> saved,
        ReadOnlyMemory<float> hPrev, ReadOnlyMemory<float> cPrev, ReadOnlyMemory<float> c, ReadOnlyMemory<float> h,
        Memory<float> dInputGates, Memory<float> dHiddenGates, Memory<float> dcPrev, Memory<float> dhPrevDirect) : IRowWork
    {
        public void Execute(int row0, int rows) => kernel.Backward(rows, hidden, Rows(dh, batch, row0, rows), Rows(dc, batch, row0, rows),
            Rows(saved, batch, row0, rows), Rows(hPrev, batch, row0, rows), Rows(cPrev, batch, row0, rows), Rows(c, batch, row0, rows),
            Rows(h, batch, row0, rows), Rows(dInputGates, batch, row0, rows), Rows(dHiddenGates, batch, row0, rows),
            Rows(dcPrev, batch, row0, rows), Rows(dhPrevDirect, batch, row0, rows));
    }

    static ReadOnlySpan<float> Rows(ReadOnlyMemory<float> m, int batch, int row0, int rows)
    {
        int width = m.Length / batch;
        return m.Span.Slice(row0 * width, rows * width);
    }

    static Span<float> Rows(Memory<float> m, int batch, int row0, int rows)
    {
        int width = m.Length / batch;
        return m.Span.Slice(row0 * width, rows * width);
    }

    sealed class LstmKernel : GateKernel
    {
        public override int Gates => 4;
        public override int SavedGates => 4;
        public override bool SavesOverInputGates => true;
        public override bool HasCellState => true;
        public override string Name => "Lstm";

        public override void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
            ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> saved, Span<float> c, Span<float> h)
            => LstmGates.Forward(batch, hidden, inputGates, hiddenGates, hiddenBias, cPrev, saved, c, h);

        public override void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc, ReadOnlySpan<float> saved,
            ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> h,
            Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dcPrev, Span<float> dhPrevDirect)
        {
            LstmGates.Backward(batch, hidden, dh, dc, saved, cPrev, c, dInputGates, dcPrev);
            dhPrevDirect.Clear();
        }
    }

    sealed class GruKernel : GateKernel
    {
        public override int Gates => 3;
        public override int SavedGates => 4;
        public override bool SeparateHiddenGradient => true;
        public override string Name => "Gru";

        public override void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
            ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> saved, Span<float> c, Span<float> h)
            => GruGates.Forward(batch, hidden, inputGates, hiddenGates, hiddenBias, hPrev, saved, h);

        public override void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc, ReadOnlySpan<float> saved,
            ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> h,
            Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dcPrev, Span<float> dhPrevDirect)
            => GruGates.Backward(batch, hidden, dh, hPrev, saved, dInputGates, dHiddenGates, dhPrevDirect);
    }

    sealed class RnnKernel(bool relu) : GateKernel
    {
        public override int Gates => 1;
        public override string Name => relu ? "RnnRelu" : "RnnTanh";

        public override void Forward(int batch, int hidden, ReadOnlySpan<float> inputGates, ReadOnlySpan<float> hiddenGates,
            ReadOnlySpan<float> hiddenBias, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, Span<float> saved, Span<float> c, Span<float> h)
            => RnnGates.Forward(batch, hidden, relu, inputGates, hiddenGates, hiddenBias, h);

        public override void Backward(int batch, int hidden, ReadOnlySpan<float> dh, ReadOnlySpan<float> dc, ReadOnlySpan<float> saved,
            ReadOnlySpan<float> hPrev, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c, ReadOnlySpan<float> h,
            Span<float> dInputGates, Span<float> dHiddenGates, Span<float> dcPrev, Span<float> dhPrevDirect)
        {
            RnnGates.Backward(batch, hidden, relu, dh, h, dInputGates);
            dhPrevDirect.Clear();
        }
    }
}
