using Recur.Audio;
using Recur.Decoding;
using Recur.Nn;

namespace Recur.Speech;

/// <summary>
/// A trained CTC model with its front end and alphabet, turning audio into text: utterances are sorted by length and
/// run through the model in batches (no gradients, dropout off), then each one's posteriors are decoded — greedily,
/// or by prefix beam search with optional n-gram fusion, utterances spread over the allowed threads.
/// </summary>
public sealed class SpeechRecognizer
{
    public SpeechRecognizer(CtcAcousticModel model, CtcAlphabet alphabet, SpeechFeatures features)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Alphabet = alphabet ?? throw new ArgumentNullException(nameof(alphabet));
        Features = features ?? throw new ArgumentNullException(nameof(features));
        if (model.Config.Classes != alphabet.Count) throw new ArgumentException($"The model has {model.Config.Classes} classes but the alphabet {alphabet.Count}.");
        if (model.Config.InputSize != features.Dimensions) throw new ArgumentException($"The model reads {model.Config.InputSize} features per frame but the front end gives {features.Dimensions}.");
    }

    public CtcAcousticModel Model { get; }
    public CtcAlphabet Alphabet { get; }
    public SpeechFeatures Features { get; }

    public IReadOnlyList<Transcription> Transcribe(IReadOnlyList<AudioClip> clips, RecognitionOptions? options = null, CancellationToken cancellationToken = default) =>
        Transcribe(Extract(clips, cancellationToken), options, cancellationToken);

    float[][] Extract(IReadOnlyList<AudioClip> clips, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var features = new float[clips.Count][];
        Parallel.For(0, clips.Count, new ParallelOptions { MaxDegreeOfParallelism = Kernels.Parallelism.MaxThreads, CancellationToken = cancellationToken },
            i => features[i] = Features.Extract(clips[i]));
        return features;
    }

    /// <summary>Transcribes utterances given as normalised features (frames × <see cref="SpeechFeatures.Dimensions"/>).</summary>
    public IReadOnlyList<Transcription> Transcribe(IReadOnlyList<float[]> features, RecognitionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RecognitionOptions();
        var posteriors = Posteriors(features, options.BatchSize, cancellationToken);
        var results = new Transcription[features.Count];
        var search = options.IsGreedy ? null : new CtcPrefixBeamSearch(Alphabet.Symbols, CtcAlphabet.Blank, options.Search with { BeamWidth = Math.Max(1, options.Beam) });
        Parallel.For(0, features.Count, new ParallelOptions { MaxDegreeOfParallelism = Kernels.Parallelism.MaxThreads, CancellationToken = cancellationToken }, i =>
        {
            var (logProbs, frames) = posteriors[i];
            results[i] = Decode(logProbs, frames, search, options);
        });
        return results;
    }

    Transcription Decode(float[] logProbs, int frames, CtcPrefixBeamSearch? search, RecognitionOptions options)
    {
        if (search is null)
        {
            var labels = CtcGreedyDecoder.Decode(logProbs, Alphabet.Count, CtcAlphabet.Blank);
            // A delimiter at either end, or two in a row, separates no words; the text is normalised as transcripts are
            // (the beam's best below too; its n-best keep the delimiters they were decoded with).
            string text = CtcAlphabet.Normalize(Alphabet.Decode(labels));
            double bestPath = BestPathLogProb(logProbs, Alphabet.Count);
            return new Transcription(text, [new CtcHypothesis(text, labels, bestPath, bestPath, 0, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length)], frames);
        }
        var nBest = options.LanguageModel is { } lm ? search.Decode(logProbs, lm) : search.Decode(logProbs);
        return new Transcription(nBest.Count > 0 ? CtcAlphabet.Normalize(nBest[0].Text) : "", nBest, frames);
    }

    /// <summary>Seconds one model frame spans: the features' hop times the frames stacked into one step.</summary>
    public double FrameSeconds => (double)Features.HopSamples / Features.SampleRate * Model.Config.Stack;

    /// <summary>
    /// Aligns each recording to its transcript (CTC forced alignment, <see cref="CtcForcedAligner"/>): where the model
    /// hears each word. An entry is null when the recording is too short for its transcript.
    /// </summary>
    /// <exception cref="ArgumentException">A transcript holds a character outside the model's alphabet.</exception>
    public IReadOnlyList<SpeechAlignment?> Align(IReadOnlyList<AudioClip> clips, IReadOnlyList<string> transcripts, int batchSize = 16, CancellationToken cancellationToken = default) =>
        Align(Extract(clips, cancellationToken), transcripts, batchSize, cancellationToken);

    /// <summary>Aligns utterances given as normalised features (frames × <see cref="SpeechFeatures.Dimensions"/>) to their transcripts.</summary>
    /// <exception cref="ArgumentException">A transcript holds a character outside the model's alphabet.</exception>
    public IReadOnlyList<SpeechAlignment?> Align(IReadOnlyList<float[]> features, IReadOnlyList<string> transcripts, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(transcripts);
        if (features.Count != transcripts.Count) throw new ArgumentException($"{features.Count} utterances but {transcripts.Count} transcripts.", nameof(transcripts));
        var labels = new int[transcripts.Count][];
        for (int i = 0; i < transcripts.Count; i++)
            if (!Alphabet.TryEncode(CtcAlphabet.Normalize(transcripts[i]), out labels[i], out string unknown))
                throw new ArgumentException($"Transcript {i} holds '{unknown}', which is not in the model's alphabet.", nameof(transcripts));
        var posteriors = Posteriors(features, batchSize, cancellationToken);
        var results = new SpeechAlignment?[features.Count];
        Parallel.For(0, features.Count, new ParallelOptions { MaxDegreeOfParallelism = Kernels.Parallelism.MaxThreads, CancellationToken = cancellationToken },
            i => results[i] = Align(posteriors[i].LogProbs, labels[i]));
        return results;
    }

    /// <summary>The forced alignment of <paramref name="labels"/> to one utterance's posteriors (see <see cref="Posteriors"/>); null when there is none.</summary>
    public SpeechAlignment? Align(float[] logProbs, ReadOnlySpan<int> labels)
    {
        var characters = CtcForcedAligner.Align(logProbs, Alphabet.Count, labels, CtcAlphabet.Blank);
        return characters is null ? null : new SpeechAlignment(characters, SpeechAlignment.WordsOf(characters, Alphabet), FrameSeconds);
    }

    /// <summary>ln p of the single most probable alignment (greedy decoding scores that path, not the sum over the labelling's alignments).</summary>
    static double BestPathLogProb(ReadOnlySpan<float> logProbs, int classes)
    {
        double sum = 0;
        for (int t = 0; t < logProbs.Length; t += classes) sum += System.Numerics.Tensors.TensorPrimitives.Max(logProbs.Slice(t, classes));
        return sum;
    }

    /// <summary>
    /// Each utterance's log-probabilities at the model's frame rate, (T', C) row-major, and T'. Utterances run in
    /// batches of similar length, so little is spent on padding.
    /// </summary>
    public IReadOnlyList<(float[] LogProbs, int Frames)> Posteriors(IReadOnlyList<float[]> features, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int F = Features.Dimensions, C = Alphabet.Count;
        var frames = new int[features.Count];
        for (int i = 0; i < features.Count; i++)
        {
            if (features[i].Length % F != 0) throw new ArgumentException($"Utterance {i} has {features[i].Length} feature values, not a multiple of {F}.");
            frames[i] = Math.Max(1, features[i].Length / F);   // an empty clip reads as one silent frame
        }
        var order = Enumerable.Range(0, features.Count).OrderByDescending(i => frames[i]).ToArray();
        var results = new (float[], int)[features.Count];
        bool training = Model.Training;
        Model.Eval();
        try
        {
            using var noGrad = Tensor.NoGrad();
            for (int start = 0; start < order.Length; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
                var (logProbs, lengths) = Forward(Model, batch.Select(i => features[i]).ToArray(), batch.Select(i => frames[i]).ToArray(), F);
                var values = logProbs.AsSpan();
                int B = batch.Length;
                for (int b = 0; b < B; b++)
                {
                    var mine = new float[lengths[b] * C];
                    for (int t = 0; t < lengths[b]; t++) values.Slice((t * B + b) * C, C).CopyTo(mine.AsSpan(t * C, C));
                    results[batch[b]] = (mine, lengths[b]);
                }
            }
        }
        finally { Model.Train(training); }
        return results;
    }

    /// <summary>
    /// Runs <paramref name="model"/> on utterances padded into one time-major batch (T = the longest); rows whose
    /// feature arrays are shorter than their frame count (the empty clip) are padded with zeros.
    /// </summary>
    internal static (Tensor LogProbs, int[] Lengths) Forward(CtcAcousticModel model, IReadOnlyList<float[]> features, int[] frames, int F)
    {
        int B = features.Count, T = frames.Max();
        var padded = new float[T * B * F];
        for (int b = 0; b < B; b++)
        {
            int available = Math.Min(frames[b], features[b].Length / F);
            for (int t = 0; t < available; t++) features[b].AsSpan(t * F, F).CopyTo(padded.AsSpan((t * B + b) * F, F));
        }
        return model.Forward(padded, T, frames);
    }
}
