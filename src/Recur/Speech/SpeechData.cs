using System.Security.Cryptography;
using System.Text;
using Recur.IO;
using Recur.Training;

namespace Recur.Speech;

/// <summary>
/// The utterances a recognition run trains and validates on, as features and class ids. Building it reads and
/// featurises every recording (in parallel), learns the alphabet from the training transcripts (a resume passes the
/// stored one), and skips — counting them — utterances too short for their transcript (a CTC alignment needs a frame
/// per character plus one between equal neighbours, at the model's frame rate) and validation transcripts with
/// characters outside the alphabet. Without a validation set the last 5% (at most 500) of the training list validate;
/// speed perturbation, when asked for, adds copies of the training recordings only.
/// </summary>
public sealed class SpeechData
{
    public required CtcAlphabet Alphabet { get; init; }
    public required IReadOnlyList<Utterance> Train { get; init; }
    public required IReadOnlyList<Utterance> Valid { get; init; }
    /// <summary>Utterances left out because their features are too short for their transcript (training and validation).</summary>
    public int TooShortSkipped { get; init; }
    /// <summary>Validation utterances left out because their transcript holds characters the alphabet lacks.</summary>
    public int UnknownCharacterSkipped { get; init; }
    /// <summary>Seconds of training audio.</summary>
    public double TrainSeconds { get; init; }
    /// <summary>SHA-256 of the training transcripts and frame counts, so that a resume on other data is refused.</summary>
    public required string Fingerprint { get; init; }
    /// <summary>The front end the features were made with, corpus statistics included when the settings ask for them.</summary>
    public required SpeechFeatures Features { get; init; }

    public static SpeechData Build(AsrSettings settings, IReadOnlyList<SpeechSample> train, IReadOnlyList<SpeechSample>? valid,
        CtcAlphabet? alphabet = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(train);
        if (valid is null)
        {
            int held = Math.Min(500, train.Count / 20);
            if (held < 1) throw new TrainingSetupException($"{train.Count} training utterances are too few to hold out a validation part; give --valid-manifest");
            valid = train.Skip(train.Count - held).ToArray();
            train = train.Take(train.Count - held).ToArray();
        }
        alphabet ??= CtcAlphabet.FromTranscripts(train.Select(s => s.Transcript));
        if (settings.SpeedPerturb)
            train = [.. train, .. AsrSettings.PerturbedSpeeds.SelectMany(f => train.Select(s => s with { Name = $"{s.Name} at speed {f}", Load = () => s.Load().SpeedChanged(f) }))];
        var features = settings.FeatureExtractor();
        var config = settings.ModelConfig(features.Dimensions, alphabet.Count);
        bool corpus = settings.Normalize == FeatureNormalizationScope.Corpus;
        var (trainSet, trainShort, _, seconds) = Load(train, features, normalize: !corpus, alphabet, config, settings.Threads, cancellationToken);
        if (corpus && trainSet.Count > 0)
        {
            features = features.WithStatistics(Audio.FeatureStatistics.Compute(trainSet.Select(u => u.Features), features.Dimensions));
            foreach (var u in trainSet) features.Statistics!.Apply(u.Features);
        }
        var (validSet, validShort, unknown, _) = Load(valid, features, normalize: true, alphabet, config, settings.Threads, cancellationToken);
        if (trainSet.Count == 0) throw new TrainingSetupException($"none of the {train.Count:N0} training utterances is long enough for its transcript");
        if (validSet.Count == 0) throw new TrainingSetupException($"none of the {valid.Count:N0} validation utterances can be scored (too short, or characters outside the training alphabet)");
        return new SpeechData
        {
            Alphabet = alphabet, Train = trainSet, Valid = validSet, TooShortSkipped = trainShort + validShort, UnknownCharacterSkipped = unknown,
            TrainSeconds = seconds, Fingerprint = Hash(trainSet), Features = features,
        };
    }

    static (List<Utterance> Kept, int TooShort, int Unknown, double Seconds) Load(IReadOnlyList<SpeechSample> samples, SpeechFeatures features, bool normalize,
        CtcAlphabet alphabet, CtcModelConfig config, int? threads, CancellationToken cancellationToken)
    {
        var loaded = new Utterance?[samples.Count];
        var seconds = new double[samples.Count];
        var unknown = new bool[samples.Count];
        var unreadable = new string?[samples.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, samples.Count, options, i =>
        {
            var sample = samples[i];
            if (!alphabet.TryEncode(sample.Transcript, out var labels, out _)) { unknown[i] = true; return; }
            Audio.AudioClip clip;
            try { clip = sample.Load(); }
            catch (InputFileException e) { unreadable[i] = $"{sample.Name}: {e.Problem}"; return; }
            seconds[i] = clip.Seconds;
            var x = normalize ? features.Extract(clip) : features.ExtractUnnormalized(clip);
            loaded[i] = new Utterance(sample.Name, sample.Transcript, x, x.Length / features.Dimensions, labels);
        });
        // The first unreadable recording in list order, whichever thread met it first.
        if (Array.Find(unreadable, m => m is not null) is string problem) throw new TrainingSetupException(problem);
        var kept = new List<Utterance>(samples.Count);
        int tooShort = 0;
        foreach (var u in loaded)
        {
            if (u is null) continue;
            if (u.Frames == 0 || config.OutputFrames(u.Frames) < CtcAlphabet.MinimumFrames(u.Labels)) tooShort++;
            else kept.Add(u);
        }
        return (kept, tooShort, unknown.Count(b => b), seconds.Sum());
    }

    static string Hash(IEnumerable<Utterance> utterances)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var u in utterances) sha.AppendData(Encoding.UTF8.GetBytes($"{u.Frames}\t{u.Transcript}\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
