using System.CommandLine;
using Recur.Decoding;
using Recur.Translation;

namespace Recur.Cli.Commands.Translate;

/// <summary>The decoding flags shared by `translate run` and `translate eval`, parsed into <see cref="TranslationOptions"/>.</summary>
internal sealed class DecodingOptions
{
    readonly Option<int> beam = new("--beam") { Description = "Beam size (1: greedy).", DefaultValueFactory = _ => 5 };
    readonly Option<double> lengthPenalty = new("--length-penalty") { Description = "α of GNMT's length normalisation ((5 + |Y|) / 6)^α of beam search (0: none). The default, 2, is the best of 0, 1 and 2 on Multi30k's validation set for the default recipe, whose outputs otherwise run short.", DefaultValueFactory = _ => 2.0 };
    readonly Option<bool> sample = new("--sample") { Description = "Sample from the model instead of searching." };
    readonly Option<float> temperature = new("--temperature") { Description = "Sampling temperature.", DefaultValueFactory = _ => 1f };
    readonly Option<int?> topK = new("--top-k") { Description = "Sample among the k most probable tokens." };
    readonly Option<ulong> seed = new("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 1UL };
    readonly Option<int> batchSize = new("--batch-size") { Description = "Sentences translated together.", DefaultValueFactory = _ => 32 };

    public IEnumerable<Option> Options => [beam, lengthPenalty, sample, temperature, topK, seed, batchSize];

    public (TranslationOptions Options, Generator Generator) Parse(ParseResult r, int nBest = 1)
    {
        int b = r.GetValue(beam), batch = r.GetValue(batchSize);
        double alpha = r.GetValue(lengthPenalty);
        float t = r.GetValue(temperature);
        if (b < 1) throw new UserInputException($"--beam {b}: must be at least 1");
        if (batch < 1) throw new UserInputException($"--batch-size {batch}: must be at least 1");
        if (!(alpha >= 0 && double.IsFinite(alpha))) throw new UserInputException($"--length-penalty {alpha}: must be 0 or more");
        if (!(t > 0 && float.IsFinite(t))) throw new UserInputException($"--temperature {t}: must be positive");
        if (r.GetValue(topK) is int k && k < 1) throw new UserInputException($"--top-k {k}: must be at least 1");
        bool sampling = r.GetValue(sample);
        if (nBest < 1 || nBest > (sampling ? int.MaxValue : b)) throw new UserInputException($"--n-best {nBest}: must lie between 1 and the beam size ({b})");
        var options = new TranslationOptions
        {
            Beam = b, NBest = nBest, BatchSize = batch, LengthNormalization = alpha > 0 ? LengthNormalization.Gnmt(alpha) : LengthNormalization.None,
            Sampling = sampling ? new SamplingOptions(t, r.GetValue(topK)) { SamplesPerInput = nBest } : null,
        };
        return (options, new Generator(r.GetValue(seed)));
    }
}
