using System.Security.Cryptography;
using System.Text;
using Recur.Data;
using Recur.Subwords;
using Recur.Training;

namespace Recur.Translation;

/// <summary>
/// The pairs a translation run trains and validates on, as ids, with the two codecs that made them. Building it
/// learns the byte-pair models (when asked) and the vocabularies from the training pairs; a resume passes the stored
/// codecs instead, so ids stay the same. Pairs with an empty side are skipped and counted, as are training pairs
/// longer than the maximum length. Without a validation set, the last 5% of the pairs (at most 1,000) validate.
/// </summary>
public sealed class TranslationData
{
    public required TextCodec Source { get; init; }
    public required TextCodec Target { get; init; }
    public required int[][] TrainSource { get; init; }
    public required int[][] TrainTarget { get; init; }
    public required int[][] ValidSource { get; init; }
    public required int[][] ValidTarget { get; init; }
    /// <summary>The validation source lines and references as written, for translating and scoring.</summary>
    public required string[] ValidSourceLines { get; init; }
    public required string[] ValidReferences { get; init; }
    public int EmptySkipped { get; init; }
    public int TooLongSkipped { get; init; }
    /// <summary>Validation tokens outside the training vocabularies (scored as &lt;unk&gt;).</summary>
    public long ValidUnknown { get; init; }
    /// <summary>SHA-256 of the training pairs, so that a resume on other texts is refused.</summary>
    public required string Fingerprint { get; init; }

    public static TranslationData Build(TranslationSettings settings, IReadOnlyList<string> source, IReadOnlyList<string> target, string sourceName, string targetName,
        IReadOnlyList<string>? validSource = null, IReadOnlyList<string>? validTarget = null, (TextCodec Source, TextCodec Target)? codecs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (source.Count != target.Count)
            throw new TrainingSetupException($"{sourceName} has {source.Count:N0} lines but {targetName} has {target.Count:N0}; line k of one must translate line k of the other");
        if (validSource is not null && validTarget is not null && validSource.Count != validTarget.Count)
            throw new TrainingSetupException($"the validation source has {validSource.Count:N0} lines but the validation target has {validTarget.Count:N0}");
        (IReadOnlyList<string> trainSrc, IReadOnlyList<string> trainTgt) = (source, target);
        if (validSource is null || validTarget is null)
        {
            int held = Math.Min(1000, source.Count / 20);
            if (held < 1) throw new TrainingSetupException($"{sourceName}: {source.Count} lines are too few to hold out a validation part; give --valid-src and --valid-tgt");
            (validSource, validTarget) = (source.Skip(source.Count - held).ToArray(), target.Skip(target.Count - held).ToArray());
            (trainSrc, trainTgt) = (source.Take(source.Count - held).ToArray(), target.Take(target.Count - held).ToArray());
        }
        var (sourceSegmenter, targetSegmenter) = codecs is { } c ? (c.Source.Segmenter, c.Target.Segmenter) : Segmenters(settings, trainSrc, trainTgt);
        var corpus = ParallelCorpus.FromLines(trainSrc, trainTgt, sourceName, targetName, settings.MaxLength,
            line => line.Length == 0 ? [] : sourceSegmenter.Split(line), line => line.Length == 0 ? [] : targetSegmenter.Split(line));
        var kept = corpus.Pairs;
        if (kept.Count == 0) throw new TrainingSetupException($"{sourceName}: no training pair is left after skipping empty and over-long ones (--max-length {settings.MaxLength})");
        int minCount = settings.Bpe == SubwordMode.None ? settings.MinCount : 1;
        var sourceCodec = codecs?.Source ?? new TextCodec(sourceSegmenter, TokenVocabulary.Build(kept.Select(p => p.Source), minCount));
        var targetCodec = codecs?.Target ?? new TextCodec(targetSegmenter, TokenVocabulary.Build(kept.Select(p => p.Target), minCount));
        long ignored = 0, unknown = 0;
        var valid = Enumerable.Range(0, validSource.Count).Where(i => validSource[i].Trim().Length > 0 && validTarget[i].Trim().Length > 0).ToArray();
        if (valid.Length == 0) throw new TrainingSetupException("the validation set has no pair with both sides non-empty");
        return new TranslationData
        {
            Source = sourceCodec, Target = targetCodec,
            TrainSource = kept.Select(p => (int[])[.. sourceCodec.Vocabulary.Encode(p.Source, ref ignored), TokenVocabulary.EndId]).ToArray(),
            TrainTarget = kept.Select(p => (int[])[TokenVocabulary.BeginId, .. targetCodec.Vocabulary.Encode(p.Target, ref ignored), TokenVocabulary.EndId]).ToArray(),
            ValidSource = valid.Select(i => sourceCodec.EncodeSource(validSource[i], ref unknown)).ToArray(),
            ValidTarget = valid.Select(i => targetCodec.EncodeTarget(validTarget[i], ref unknown)).ToArray(),
            ValidSourceLines = valid.Select(i => validSource[i]).ToArray(),
            ValidReferences = valid.Select(i => validTarget[i]).ToArray(),
            EmptySkipped = corpus.EmptySkipped, TooLongSkipped = corpus.TooLongSkipped, ValidUnknown = unknown,
            Fingerprint = Hash(trainSrc, trainTgt),
        };
    }

    static (ISegmenter Source, ISegmenter Target) Segmenters(TranslationSettings s, IReadOnlyList<string> source, IReadOnlyList<string> target)
    {
        switch (s.Bpe)
        {
            case SubwordMode.Joint:
                var joint = new BpeSegmenter(TrainBpe(source.Concat(target), s));
                return (joint, joint);
            case SubwordMode.Separate:
                return (new BpeSegmenter(TrainBpe(source, s)), new BpeSegmenter(TrainBpe(target, s)));
            default:
                return s.Level == TokenLevel.Char ? (new CharacterSegmenter(), new CharacterSegmenter()) : (new WordSegmenter(), new WordSegmenter());
        }
    }

    static BpeModel TrainBpe(IEnumerable<string> lines, TranslationSettings s)
    {
        try { return BpeTrainer.Train(lines.Where(l => l.Length > 0), new BpeTrainerOptions { VocabSize = s.VocabSize, ByteFallback = true }); }
        catch (ArgumentException e) { throw new TrainingSetupException($"--vocab-size {s.VocabSize}: {e.Message}"); }
    }

    static string Hash(IReadOnlyList<string> source, IReadOnlyList<string> target)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var side in new[] { source, target })
        {
            foreach (string line in side) { sha.AppendData(Encoding.UTF8.GetBytes(line)); sha.AppendData("\n"u8); }
            sha.AppendData([0]);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
