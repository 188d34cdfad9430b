using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Recur.Decoding;
using Recur.Kernels;
using Recur.Nn;

namespace Recur.Bench;

/// <summary>
/// Beam search over a step model the size of the seq2seq decoder (Embedding(V, E) → GruCell(E, H) → Linear(H, V)
/// → log-softmax, with uniform attention over an S-token source so the search's attention and coverage bookkeeping
/// run too), at B inputs × K beams. Every output is forced to --length tokens (minimum = maximum) so each decode
/// takes the same number of steps. Reports per step: the model's step, its state reorder (Select) and everything
/// else (the search's bookkeeping), with the bookkeeping's share and its allocation per step.
/// Options: --batch 32 --beam 5 --vocab 8000 --embed 256 --hidden 512 --source 20 --length 30 --repeats 3
/// --threads 2 --lenpen 0.6 (GNMT α) --coverage 0.2 (GNMT β) --no-repeat 0 --groups 1.
/// </summary>
public static class DecodeBench
{
    public static int Run(BenchOptions o)
    {
        Parallelism.MaxThreads = o.Int("threads", 2);
        int B = o.Int("batch", 32), K = o.Int("beam", 5), V = o.Int("vocab", 8000), E = o.Int("embed", 256), H = o.Int("hidden", 512);
        int S = o.Int("source", 20), L = o.Int("length", 30), repeats = o.Int("repeats", 3);
        var gru = new GruStep(V, E, H, S, new Generator(0));
        var options = new BeamSearchOptions
        {
            EndToken = 0, BeamSize = K, NBest = 1, MinLength = L, MaxLengthB = L, Groups = o.Int("groups", 1),
            DiversityStrength = o.Double("diversity", 0), NoRepeatNGramSize = o.Int("no-repeat", 0),
            LengthNormalization = LengthNormalization.Gnmt(o.Double("lenpen", 0.6)), CoveragePenalty = CoveragePenalty.Gnmt(o.Double("coverage", 0.2)),
        };
        var starts = new int[B];
        Array.Fill(starts, 1);
        var sources = Enumerable.Range(0, B).Select(b => S - b % 3).ToArray();
        using var noGrad = Tensor.NoGrad();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decode batch {B} beam {K} vocab {V} embed {E} hidden {H} source {S} length {L}"));
        var real = Measure("gru", new TimedModel(gru), Tensor.Zeros(B, H), starts, options, sources, repeats);
        // The same search over log-probabilities replayed from one real step: no model cost and no model garbage,
        // so what remains is the search alone, free of the collections the real model's tensors trigger.
        var replay = Measure("replay", new TimedModel(new ReplayStep(gru, B * K, S)), Tensor.Zeros(B, H), starts, options, sources, repeats);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode bookkeeping-share {replay.Book / (real.Step + real.Select + replay.Book):P1} (replayed search over the real model's step and select)"));
        return 0;
    }

    static (double Step, double Select, double Book) Measure(string name, TimedModel model, Tensor initial, int[] starts, BeamSearchOptions options,
        int[] sources, int repeats)
    {
        BeamSearch.Decode(model, initial, starts, options, sources); // warm-up: lets the JIT settle
        model.Reset();
        double total = 0;
        long allocated = 0;
        for (int r = 0; r < repeats; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread(), start = Stopwatch.GetTimestamp();
            BeamSearch.Decode(model, initial, starts, options, sources);
            total += Stopwatch.GetElapsedTime(start).TotalSeconds;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }
        int steps = model.Steps;
        double step = model.StepSeconds / steps, select = model.SelectSeconds / steps, perStep = total / steps;
        double book = perStep - step - select, bookBytes = (double)(allocated - model.AllocatedBytes) / steps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode-{name} {perStep * 1e3:F3} ms/step ({steps / repeats} steps): model-step {step * 1e3:F3} ms ({step / perStep:P1}), " +
            $"state-select {select * 1e3:F3} ms ({select / perStep:P1}), search-bookkeeping {book * 1e3:F3} ms ({book / perStep:P1}, {bookBytes:F0} B allocated per step)"));
        return (step, select, book);
    }

    /// <summary>Replays one real step's log-probabilities, rotated by a row each step so the beams do not repeat.</summary>
    sealed class ReplayStep : IStepModel<Tensor>
    {
        readonly float[] table;
        readonly int vocabulary, rows, source;
        int t;

        public ReplayStep(GruStep model, int rows, int source)
        {
            (vocabulary, this.rows, this.source) = (model.VocabularySize, rows, source);
            table = new float[rows * vocabulary];
            var g = new Generator(1);
            var tokens = Enumerable.Range(0, rows).Select(_ => g.NextInt(vocabulary)).ToArray();
            model.Step(Tensor.Randn(g, rows, model.Hidden), tokens, table, new float[rows * source]);
        }

        public int VocabularySize => vocabulary;

        public bool HasAttention => true;

        public Tensor Step(Tensor state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention)
        {
            int shift = t++ % rows;
            table.AsSpan(shift * vocabulary).CopyTo(logProbs);
            table.AsSpan(0, shift * vocabulary).CopyTo(logProbs[((rows - shift) * vocabulary)..]);
            attention.Fill(1f / source);
            return state;
        }

        public Tensor Select(Tensor state, ReadOnlySpan<int> rows) => state;
    }

    /// <summary>The decoder step: h' = GRU(emb(y), h), log-softmax(W h' + b), uniform attention over the S source positions.</summary>
    sealed class GruStep(int vocabulary, int embed, int hidden, int source, Generator g) : IStepModel<Tensor>
    {
        readonly Embedding embedding = new(vocabulary, embed, g);
        readonly GruCell cell = new(embed, hidden, generator: g);
        readonly Linear head = new(hidden, vocabulary, generator: g);
        readonly float[] scratch = new float[vocabulary];

        public int VocabularySize => vocabulary;

        public int Hidden => hidden;

        public bool HasAttention => true;

        public Tensor Step(Tensor state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention)
        {
            var x = embedding.Forward(tokens, tokens.Length);                  // (R, E)
            var h = cell.Forward(x, new RecurrentState(state)).H;              // (R, H)
            LogSoftmaxRows(head.Forward(h).AsSpan(), logProbs);                // (R, V)
            attention.Fill(1f / source);                                       // (R, S)
            return h;
        }

        public Tensor Select(Tensor state, ReadOnlySpan<int> rows) => state.IndexSelect(0, rows);

        /// <summary>
        /// log-softmax of each row straight into the search's buffer: the tensor composition (max, subtract, exp,
        /// sum, log) allocates five R × V tensors per step and took longer than the GEMM, which would flatter the
        /// search's share; a decoder that cares about speed fuses it like this.
        /// </summary>
        void LogSoftmaxRows(ReadOnlySpan<float> logits, Span<float> logProbs)
        {
            for (int r = 0; r < logits.Length / vocabulary; r++)
            {
                var x = logits.Slice(r * vocabulary, vocabulary);
                var y = logProbs.Slice(r * vocabulary, vocabulary);
                float max = TensorPrimitives.Max(x);
                TensorPrimitives.Subtract(x, max, y);
                TensorPrimitives.Exp(y, scratch);
                TensorPrimitives.Subtract(y, MathF.Log(TensorPrimitives.Sum(scratch)), y);
            }
        }
    }

    /// <summary>Times (and counts the allocations of) the model's calls, so that the rest of a decode is the search's.</summary>
    sealed class TimedModel(IStepModel<Tensor> inner) : IStepModel<Tensor>
    {
        public double StepSeconds, SelectSeconds;
        public long AllocatedBytes;
        public int Steps;

        public void Reset() => (StepSeconds, SelectSeconds, AllocatedBytes, Steps) = (0, 0, 0, 0);

        public int VocabularySize => inner.VocabularySize;

        public bool HasAttention => inner.HasAttention;

        public Tensor Step(Tensor state, ReadOnlySpan<int> tokens, Span<float> logProbs, Span<float> attention)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread(), start = Stopwatch.GetTimestamp();
            var next = inner.Step(state, tokens, logProbs, attention);
            StepSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
            Steps++;
            return next;
        }

        public Tensor Select(Tensor state, ReadOnlySpan<int> rows)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread(), start = Stopwatch.GetTimestamp();
            var next = inner.Select(state, rows);
            SelectSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            AllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - bytes;
            return next;
        }
    }
}
