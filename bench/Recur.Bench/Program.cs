// Recur benchmarks. Usage: dotnet run -c Release --project bench/Recur.Bench -- <gemm|rnn|ngram|fuzz|step|bpe|decode|embed|ctc|features|ctcdecode|asr-data|mamba> [options]
using Recur.Bench;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Recur.Bench <gemm|rnn|ngram|fuzz|step|bpe|decode|embed|ctc|features|ctcdecode|asr-data|mamba> [--option value ...]");
    return 2;
}
var options = BenchOptions.Parse(args.AsSpan(1));
return args[0] switch
{
    "gemm" => GemmBench.Run(options),
    "ngram" => NGramBench.Run(options),
    "rnn" => RnnBench.Run(options),
    "fuzz" => FuzzBench.Run(options),
    "step" => StepBench.Run(options),
    "bpe" => BpeBench.Run(options),
    "decode" => DecodeBench.Run(options),
    "embed" => EmbedBench.Run(options),
    "ctc" => CtcBench.Run(options),
    "features" => FeaturesBench.Run(options),
    "ctcdecode" => CtcDecodeBench.Run(options),
    "asr-data" => AsrDataBench.Run(options),
    "mamba" => MambaBench.Run(options),
    _ => Unknown(args[0]),
};

static int Unknown(string name)
{
    Console.Error.WriteLine($"unknown benchmark '{name}'; expected gemm, rnn, ngram, fuzz, step, bpe, decode, embed, ctc, features, ctcdecode, asr-data or mamba");
    return 2;
}
