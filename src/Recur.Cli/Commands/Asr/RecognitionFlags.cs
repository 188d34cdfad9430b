using System.CommandLine;
using Recur.Decoding;
using Recur.IO;
using Recur.NGram;
using Recur.Speech;

namespace Recur.Cli.Commands.Asr;

/// <summary>The decoding flags shared by `asr transcribe` and `asr eval`, parsed into <see cref="RecognitionOptions"/>.</summary>
internal sealed class RecognitionFlags
{
    static readonly CtcBeamSearchOptions Defaults = new();

    readonly Option<string?> lm = new("--lm") { Description = "Word n-gram model (ARPA or `recur ngram build-binary` file) fused into a prefix beam search at word boundaries." };
    readonly Option<double> alpha = new("--alpha") { Description = "Weight of the language model's ln p.", DefaultValueFactory = _ => Defaults.Alpha };
    readonly Option<double> beta = new("--beta") { Description = "Bonus per word (offsets the language model's preference for fewer words).", DefaultValueFactory = _ => Defaults.Beta };
    readonly Option<double> unknownOffset = new("--unk-offset") { Description = "Added to the score of each word the language model does not know (pyctcdecode's unk_score_offset uses −10).", DefaultValueFactory = _ => Defaults.UnknownWordOffset };
    readonly Option<int?> beam = new("--beam") { Description = $"Prefix beam width. Default: {Defaults.BeamWidth} with --lm, else 1 (greedy best path)." };
    readonly Option<int> nBest = new("--n-best") { Description = "Hypotheses kept per utterance, best first (beam search only; transcribe prints each with its score).", DefaultValueFactory = _ => 1 };
    readonly Option<string[]> hotwords = new("--hotword") { Description = "A word to favour in the beam search (repeatable).", AllowMultipleArgumentsPerToken = false };
    readonly Option<string?> lexicon = new("--lexicon") { Description = "Word list (the first field of each line, so a pronunciation lexicon serves too): the beam search spells only these words, as a WFST decoder's lexicon does." };
    readonly Option<double> tokenMinLogProb = new("--token-min-logp") { Description = "Per frame, characters with ln p below this are not tried (the frame's best always is).", DefaultValueFactory = _ => Defaults.TokenMinLogProb };
    readonly Option<double> beamPruneLogProb = new("--beam-prune-logp") { Description = "Prefixes scoring this far below the best are dropped.", DefaultValueFactory = _ => Defaults.BeamPruneLogProb };
    readonly Option<int> batchSize = new("--batch-size") { Description = "Utterances per forward pass.", DefaultValueFactory = _ => 16 };
    readonly Option<int?> threads = new("--threads") { Description = "Threads for features, the model and the search (utterances in parallel). Default: all processors." };

    public IEnumerable<Option> Options => [lm, alpha, beta, unknownOffset, beam, nBest, hotwords, lexicon, tokenMinLogProb, beamPruneLogProb, batchSize, threads];

    /// <summary>Bounds the threads of the command's work until disposed (--threads), or does nothing.</summary>
    public IDisposable? LimitThreads(ParseResult r)
    {
        if (r.GetValue(threads) is not int n) return null;
        if (n < 1) throw new UserInputException($"--threads {n}: must be at least 1");
        return Kernels.Parallelism.Limit(n);
    }

    public RecognitionOptions Parse(ParseResult r)
    {
        int batch = r.GetValue(batchSize), n = r.GetValue(nBest);
        double a = r.GetValue(alpha), b = r.GetValue(beta);
        string? lmPath = r.GetValue(lm);
        var words = r.GetValue(hotwords) ?? [];
        var allowed = r.GetValue(lexicon) is string lexiconPath ? ReadLexicon(lexiconPath) : null;
        int width = r.GetValue(beam) ?? (lmPath is not null || n > 1 || words.Length > 0 || allowed is not null ? Defaults.BeamWidth : 1);
        if (width < 1) throw new UserInputException($"--beam {width}: must be at least 1");
        if (batch < 1) throw new UserInputException($"--batch-size {batch}: must be at least 1");
        if (!(a >= 0 && double.IsFinite(a))) throw new UserInputException($"--alpha {a}: must be 0 or more");
        if (!double.IsFinite(b)) throw new UserInputException($"--beta {b}: must be a finite number");
        double tokenMin = r.GetValue(tokenMinLogProb), beamPrune = r.GetValue(beamPruneLogProb);
        if (!(tokenMin <= 0)) throw new UserInputException($"--token-min-logp {tokenMin}: must be 0 or less");
        if (!(beamPrune <= 0)) throw new UserInputException($"--beam-prune-logp {beamPrune}: must be 0 or less");
        if (n < 1 || n > Math.Max(width, 1)) throw new UserInputException($"--n-best {n}: must lie between 1 and the beam width ({width})");
        BackoffModel? model = null;
        if (lmPath is not null)
        {
            try { model = BackoffModel.Load(lmPath); }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException) { throw new UserInputException(e.Message.ReplaceLineEndings(" "), e); }
        }
        return new RecognitionOptions
        {
            Beam = width, BatchSize = batch, LanguageModel = model,
            Search = Defaults with { BeamWidth = width, Alpha = a, Beta = b, UnknownWordOffset = r.GetValue(unknownOffset), NBest = n, Hotwords = words, Lexicon = allowed, TokenMinLogProb = tokenMin, BeamPruneLogProb = beamPrune },
        };
    }

    /// <summary>The first field of every non-blank line of <paramref name="path"/>.</summary>
    static string[] ReadLexicon(string path)
    {
        var words = TextFile.ReadLines(path)
            .Select(line => line.Text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 0).Select(fields => fields[0]).Distinct(StringComparer.Ordinal).ToArray();
        if (words.Length == 0) throw new UserInputException($"{path}: the lexicon has no words");
        return words;
    }
}
