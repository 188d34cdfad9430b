using Recur.Data;
using Recur.Decoding;
using Recur.Seq2Seq;

namespace Recur.Translation;

/// <summary>
/// Translates lines with a trained <see cref="Seq2SeqModel"/> and its two codecs through the shared decoders: the
/// sentences of a batch are sorted by length (less padding), encoded together, and searched together; the outputs
/// come back in the input order. Tokens outside the source vocabulary are read as &lt;unk&gt; (byte-pair models
/// with byte fallback have none), so no input makes it fail.
/// </summary>
public sealed class Translator(Seq2SeqModel model, TextCodec source, TextCodec target)
{
    public Seq2SeqModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));
    public TextCodec Source { get; } = source ?? throw new ArgumentNullException(nameof(source));
    public TextCodec Target { get; } = target ?? throw new ArgumentNullException(nameof(target));

    public IReadOnlyList<TranslationResult> Translate(IReadOnlyList<string> lines, TranslationOptions options, Generator? generator = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Sampling is not null) ArgumentNullException.ThrowIfNull(generator);
        bool wasTraining = Model.Training;
        Model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            long unknown = 0;
            var ids = lines.Select(l => Source.EncodeSource(l, ref unknown)).ToArray();
            var order = Enumerable.Range(0, ids.Length).OrderBy(i => ids[i].Length).ToArray();
            var results = new TranslationResult[ids.Length];
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                var rows = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray();
                var batch = TranslateBatch(rows.Select(i => ids[i]).ToArray(), rows.Select(i => lines[i]).ToArray(), options, generator, cancellationToken);
                for (int k = 0; k < rows.Length; k++) results[rows[k]] = batch[k];
            }
            return results;
        }
        finally { Model.Train(wasTraining); }
    }

    TranslationResult[] TranslateBatch(int[][] sources, string[] lines, TranslationOptions options, Generator? generator, CancellationToken cancellationToken)
    {
        var padded = PaddedBatch.FromSequences(sources, Enumerable.Range(0, sources.Length).ToArray());
        var memory = Model.Encode(padded.Ids, padded.Steps, padded.Lengths);
        var stepModel = new Seq2SeqStepModel(Model) { AllowUnknown = options.AllowUnknown };
        var start = Enumerable.Repeat(TokenVocabulary.BeginId, sources.Length).ToArray();
        var lengths = padded.Lengths;
        Hypothesis[][] hypotheses;
        if (options.Sampling is { } sampling)
        {
            int limit = lengths.Max(l => (int)(options.MaxLengthA * l) + options.MaxLengthB);
            hypotheses = Sampler.Generate(stepModel, stepModel.Start(memory), start, sampling with { EndToken = TokenVocabulary.EndId, MaxLength = limit },
                generator, sourceLengths: lengths, cancellationToken: cancellationToken);
        }
        else
            hypotheses = BeamSearch.Decode(stepModel, stepModel.Start(memory), start, new BeamSearchOptions
            {
                BeamSize = options.Beam, NBest = options.NBest, EndToken = TokenVocabulary.EndId, MaxLengthA = options.MaxLengthA, MaxLengthB = options.MaxLengthB,
                LengthNormalization = options.LengthNormalization, ReturnAttention = options.ReturnAttention,
            }, lengths, cancellationToken);
        var results = new TranslationResult[sources.Length];
        for (int b = 0; b < sources.Length; b++)
        {
            var best = hypotheses[b][0];
            var alternatives = hypotheses[b].Select(h => Target.Decode(h.Tokens)).ToArray();
            var sourceTokens = Source.Segmenter.Split(lines[b]);
            results[b] = new TranslationResult(alternatives[0], sourceTokens, best.Tokens.Select(id => Target.Vocabulary[id]).ToArray(), best.LogProbability, best.Ended,
                alternatives, options.ReturnAttention ? best.Attention : null);
        }
        return results;
    }

    /// <summary>exp of the mean teacher-forced −ln p per reference token (with &lt;/s&gt;) over the pairs whose sides are both non-empty.</summary>
    public double Perplexity(IReadOnlyList<string> sources, IReadOnlyList<string> references, CancellationToken cancellationToken = default)
    {
        if (sources.Count != references.Count) throw new ArgumentException($"{sources.Count} sources but {references.Count} references.");
        long unknown = 0;
        var kept = Enumerable.Range(0, sources.Count).Where(i => sources[i].Trim().Length > 0 && references[i].Trim().Length > 0).ToArray();
        var (nats, _) = Model.Score(kept.Select(i => Source.EncodeSource(sources[i], ref unknown)).ToArray(),
            kept.Select(i => Target.EncodeTarget(references[i], ref unknown)).ToArray(), cancellationToken);
        return Math.Exp(nats);
    }
}
