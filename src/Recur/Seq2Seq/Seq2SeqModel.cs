using Recur.Data;
using Recur.LanguageModels;
using Recur.Nn;

namespace Recur.Seq2Seq;

/// <summary>
/// An RNN encoder–decoder (Sutskever et al. 2014; Cho et al. 2014) with optional attention (Bahdanau et al. 2014;
/// Luong et al. 2015). The encoder embeds the source, runs a (bidirectional) recurrent stack over its real lengths
/// and keeps every output h_j; a bridge gives the decoder's first state. Each decoder step reads the previous target
/// token's embedding and, by <see cref="AttentionKind"/>:
/// <list type="bullet">
/// <item>none: s_t = cell([e; c], s_{t−1}) with c the mean of the h_j; features [s_t; c; e];</item>
/// <item>Bahdanau: α = softmax(a(s_{t−1}, h_j)), c_t = Σ α_j h_j, s_t = cell([e; c_t], s_{t−1}); features [s_t; c_t; e]
///   (the inputs of Bahdanau's readout, eq. A.17);</item>
/// <item>Luong: s_t = cell([e; h̃_{t−1}], s_{t−1}), α = softmax(a(s_t, h̄_s)), h̃_t = tanh(W_c[c_t; s_t]); features h̃_t.</item>
/// </list>
/// The features go through the optional tanh readout and the output layer to logits. Padded source positions are
/// excluded from the softmax, so they get zero weight and zero gradient. Parameter names follow the PyTorch module
/// with attributes src_emb, encoder, bridge, tgt_emb, decoder, attention, combine, readout and out.
/// </summary>
public sealed class Seq2SeqModel : Module
{
    readonly Embedding sourceEmbedding, targetEmbedding;
    readonly RecurrentNetwork encoder;
    readonly Linear? bridge, combine, readout;
    readonly RecurrentCell decoder;
    readonly Attention? attention;
    readonly Linear output;
    readonly Generator generator;

    /// <param name="generator">Draws the initial weights and then every dropout mask; its state is part of a training checkpoint.</param>
    public Seq2SeqModel(Seq2SeqConfig config, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        this.generator = generator ?? throw new ArgumentNullException(nameof(generator));
        int E = config.EmbeddingSize, H = config.HiddenSize, He = config.EncoderOutputSize;
        bool luong = config.Attention is AttentionKind.LuongDot or AttentionKind.LuongGeneral or AttentionKind.LuongConcat;
        sourceEmbedding = RegisterModule("src_emb", new Embedding(config.SourceVocabularySize, E, generator));
        int perDirection = config.Bidirectional ? H / 2 : H;
        encoder = RegisterModule("encoder", config.Cell.Create(E, perDirection, config.EncoderLayers, config.Dropout, config.Bidirectional, generator));
        if (config.Bridge == BridgeKind.Linear) bridge = RegisterModule("bridge", new Linear(He, H, generator: generator));
        targetEmbedding = RegisterModule("tgt_emb", new Embedding(config.TargetVocabularySize, E, generator));
        // A tied table is also the output layer: at N(0, 1) its logits would have a standard deviation of about √E
        // and the first steps would only undo that. N(0, 1/E) starts them near the scale of a Linear layer's.
        if (config.TieOutput) Init.Normal(targetEmbedding.Weight, 0f, 1f / MathF.Sqrt(E), generator);
        int input = E + (config.Attention == AttentionKind.None || !luong ? He : H);
        decoder = RegisterModule<RecurrentCell>("decoder", config.Cell switch
        {
            CellKind.Lstm => new LstmCell(input, H, generator: generator),
            CellKind.Gru => new GruCell(input, H, generator: generator),
            _ => new RnnCell(input, H, generator: generator),
        });
        attention = Attention.Create(config.Attention, H, He, generator);
        if (attention is not null) RegisterModule("attention", attention);
        if (luong) combine = RegisterModule("combine", new Linear(He + H, H, bias: false, generator));
        int projected = config.FeatureSize;
        if (config.ReadoutSize > 0)
        {
            readout = RegisterModule("readout", new Linear(config.FeatureSize, config.ReadoutSize, generator: generator));
            projected = config.ReadoutSize;
        }
        output = RegisterModule("out", config.TieOutput ? Linear.Tied(targetEmbedding.Weight, generator: generator)
            : new Linear(projected, config.TargetVocabularySize, generator: generator));
    }

    public Seq2SeqConfig Config { get; }

    bool IsLuong => combine is not null;

    /// <summary>
    /// Encodes <paramref name="source"/> (S·B ids, time-major, padded) of <paramref name="lengths"/> (B; each 1…S).
    /// </summary>
    public EncoderMemory Encode(ReadOnlySpan<int> source, int steps, int[] lengths)
    {
        int B = lengths.Length;
        if (source.Length != steps * B) throw new ArgumentException($"{source.Length} source ids do not form ({steps}, {B}).", nameof(source));
        var x = Functional.Dropout(sourceEmbedding.Forward(source, steps, B), Config.Dropout, Training, generator);
        var (outputs, final) = encoder.Forward(x, null, lengths);                      // (S, B, He), zeros past each length
        var count = new float[B];
        var padding = new float[B * steps];
        for (int b = 0; b < B; b++)
        {
            count[b] = lengths[b];
            for (int j = lengths[b]; j < steps; j++) padding[b * steps + j] = 1f;
        }
        var summary = outputs.Sum(0) / Tensor.FromArray(count, B, 1);
        var states = outputs.Transpose(0, 1).Contiguous();                            // (B, S, He)
        return new EncoderMemory(states, attention?.Keys(states), Tensor.FromArray(padding, B, steps), summary, lengths, final);
    }

    /// <summary>The decoder's state before the first target token, from the bridge.</summary>
    public DecoderState InitialState(EncoderMemory memory)
    {
        int B = memory.Batch, H = Config.HiddenSize;
        bool lstm = Config.Cell == CellKind.Lstm;
        RecurrentState cell = Config.Bridge switch
        {
            BridgeKind.Linear => new(bridge!.Forward(memory.Summary).Tanh(), lstm ? Tensor.Zeros(B, H) : null),
            BridgeKind.Copy => new(LastLayer(memory.Final.H), lstm ? LastLayer(memory.Final.C!) : null),
            _ => new(Tensor.Zeros(B, H), lstm ? Tensor.Zeros(B, H) : null),
        };
        return new DecoderState(cell, IsLuong ? Tensor.Zeros(B, H) : null);
    }

    /// <summary>The top encoder layer's final state (B, He), both directions side by side.</summary>
    Tensor LastLayer(Tensor final)
    {
        int directions = Config.Bidirectional ? 2 : 1, top = (Config.EncoderLayers - 1) * directions;
        var last = directions == 1 ? final.Select(0, top) : Tensor.Concat([final.Select(0, top), final.Select(0, top + 1)], 1);
        if (last.Size(1) != Config.HiddenSize)
            throw new InvalidOperationException($"The copy bridge needs the encoder's final state ({last.Size(1)}) to match the decoder ({Config.HiddenSize}).");
        return last;
    }

    /// <summary>The target embeddings (with dropout in training) of <paramref name="tokens"/> laid out in <paramref name="shape"/>.</summary>
    public Tensor EmbedTarget(ReadOnlySpan<int> tokens, params int[] shape) =>
        Functional.Dropout(targetEmbedding.Forward(tokens, shape), Config.Dropout, Training, generator);

    /// <summary>
    /// One decoder step from the previous token's embedding <paramref name="embedded"/> (B, E). Returns the new
    /// state, the features the output layer reads (B, F) and the attention weights (B, S), null without attention.
    /// </summary>
    public (DecoderState State, Tensor Features, Tensor? Weights) Step(EncoderMemory memory, DecoderState state, Tensor embedded)
    {
        if (attention is null)
        {
            var s = decoder.Forward(Tensor.Concat([embedded, memory.Summary], 1), state.Cell);
            return (new DecoderState(s, null), Tensor.Concat([s.H, memory.Summary, embedded], 1), null);
        }
        if (!IsLuong)
        {
            var (context, weights) = Attend(memory, state.Cell.H);
            var s = decoder.Forward(Tensor.Concat([embedded, context], 1), state.Cell);
            return (new DecoderState(s, null), Tensor.Concat([s.H, context, embedded], 1), weights);
        }
        var cell = decoder.Forward(Tensor.Concat([embedded, state.Feed!], 1), state.Cell);
        var (c, alpha) = Attend(memory, cell.H);
        var attentional = combine!.Forward(Tensor.Concat([c, cell.H], 1)).Tanh();
        return (new DecoderState(cell, attentional), attentional, alpha);
    }

    /// <summary>α = masked softmax of the scores over the real source positions; the context Σ_j α_j h_j (B, He).</summary>
    (Tensor Context, Tensor Weights) Attend(EncoderMemory memory, Tensor query)
    {
        var weights = attention!.Scores(query, memory.Keys!).MaskedSoftmax(memory.Padding, 1);   // (B, S)
        // Σ_j α_j h_j as one broadcast product and sum: B separate (1, S)·(S, He) products would each pay a GEMM's packing.
        var context = (weights.Unsqueeze(2) * memory.States).Sum(1);
        return (context, weights);
    }

    /// <summary>Logits (N, V) from features (N, F): the optional tanh readout with dropout, then the output layer.</summary>
    public Tensor Logits(Tensor features) => Logits(features, Training);

    Tensor Logits(Tensor features, bool dropout)
    {
        var x = readout is null ? features : readout.Forward(features).Tanh();
        return output.Forward(Functional.Dropout(x, Config.Dropout, dropout, generator));
    }

    /// <summary>
    /// Token-level cross-entropy of <paramref name="target"/> given <paramref name="source"/>, averaged over the real
    /// target tokens: padding is never scored (the output layer runs on real rows only). Source rows are the source
    /// ids ending with &lt;/s&gt;; target rows are &lt;s&gt; y₁ … y_n &lt;/s&gt;, row b of each the same pair.
    /// </summary>
    public Tensor Loss(PaddedBatch source, PaddedBatch target, float labelSmoothing = 0f, float teacherForcing = 1f, Generator? sampler = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Batch != target.Batch) throw new ArgumentException($"{source.Batch} source rows but {target.Batch} target rows.");
        int B = target.Batch, T = target.Steps - 1;
        if (T < 1) throw new ArgumentException("Each target needs at least <s> and one more token.", nameof(target));
        var memory = Encode(source.Ids, source.Steps, source.Lengths);
        var features = DecodeFeatures(memory, target.Ids.AsSpan(0, T * B), T, teacherForcing, sampler);
        var gold = target.Ids.AsSpan(B);
        var rows = new List<int>(gold.Length);
        var labels = new List<int>(gold.Length);
        for (int i = 0; i < gold.Length; i++)
            if (gold[i] != TokenVocabulary.PadId) { rows.Add(i); labels.Add(gold[i]); }
        var real = features.Reshape(T * B, Config.FeatureSize).IndexSelect(0, [.. rows]);
        return Functional.CrossEntropy(Logits(real), [.. labels], labelSmoothing: labelSmoothing);
    }

    /// <summary>
    /// The features (T, B, F) of every target step, decoding <paramref name="inputs"/> (T·B ids, time-major: the
    /// target shifted right, starting with &lt;s&gt;). With <paramref name="teacherForcing"/> 1 every step reads the
    /// given token; below 1, scheduled sampling (Bengio et al. 2015): from the second step on, each row reads the
    /// given token with that probability and otherwise a token drawn from the model's own distribution at the
    /// previous step (computed without gradient, as the paper treats the sample as a constant).
    /// </summary>
    public Tensor DecodeFeatures(EncoderMemory memory, ReadOnlySpan<int> inputs, int steps, float teacherForcing = 1f, Generator? sampler = null)
    {
        int B = memory.Batch;
        if (inputs.Length != steps * B) throw new ArgumentException($"{inputs.Length} target ids do not form ({steps}, {B}).", nameof(inputs));
        if (teacherForcing is < 0f or > 1f) throw new ArgumentOutOfRangeException(nameof(teacherForcing), teacherForcing, "The teacher-forcing ratio must lie in [0, 1].");
        var state = InitialState(memory);
        bool forced = teacherForcing >= 1f;
        if (!forced) ArgumentNullException.ThrowIfNull(sampler);
        var all = forced ? EmbedTarget(inputs, steps, B) : null;
        var features = new Tensor[steps];
        var tokens = new int[B];
        for (int t = 0; t < steps; t++)
        {
            Tensor embedded;
            if (forced) embedded = all!.Select(0, t);
            else
            {
                inputs.Slice(t * B, B).CopyTo(tokens);
                if (t > 0) MixSamples(features[t - 1], tokens, teacherForcing, sampler!);
                embedded = EmbedTarget(tokens, B);
            }
            (state, features[t], _) = Step(memory, state, embedded);
        }
        return Tensor.Stack(features, 0);
    }

    /// <summary>Replaces each given token, with probability 1 − ratio, by one drawn from softmax(logits) of the previous features.</summary>
    void MixSamples(Tensor previous, int[] tokens, float ratio, Generator sampler)
    {
        using var noGrad = Tensor.NoGrad();
        var probabilities = Logits(previous.Detach(), dropout: false).Softmax(1).AsSpan();
        int V = Config.TargetVocabularySize;
        for (int b = 0; b < tokens.Length; b++)
        {
            if (sampler.NextFloat() < ratio) continue;
            var row = probabilities.Slice(b * V, V);
            float u = sampler.NextFloat(), sum = 0f;
            int pick = V - 1;
            for (int v = 0; v < V; v++)
            {
                sum += row[v];
                if (u < sum) { pick = v; break; }
            }
            tokens[b] = pick;
        }
    }

    /// <summary>
    /// Mean teacher-forced −ln p per target token (including &lt;/s&gt;) of <paramref name="targets"/> given
    /// <paramref name="sources"/> (ids as <see cref="Loss"/> takes them), without dropout, and the token count.
    /// </summary>
    public (double Nats, long Tokens) Score(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets, CancellationToken cancellationToken = default)
    {
        if (sources.Count != targets.Count) throw new ArgumentException($"{sources.Count} sources but {targets.Count} targets.");
        if (sources.Count == 0) return (double.NaN, 0);
        bool wasTraining = Training;
        Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            double total = 0;
            long tokens = 0;
            var order = Enumerable.Range(0, sources.Count).OrderBy(i => sources[i].Length).ToArray();
            for (int start = 0; start < order.Length; start += 64)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = order.AsSpan(start, Math.Min(64, order.Length - start)).ToArray();
                var source = PaddedBatch.FromSequences(rows.Select(i => sources[i]).ToArray(), rows);
                var target = PaddedBatch.FromSequences(rows.Select(i => targets[i]).ToArray(), rows);
                long n = target.Tokens - target.Batch;
                total += Loss(source, target).Item() * n;
                tokens += n;
            }
            return (total / tokens, tokens);
        }
        finally { Train(wasTraining); }
    }
}
