// Recur benchmarks. Usage: dotnet run -c Release --project bench/Recur.Bench -- <name> [--option value ...]; names below.
using Recur.Bench;

var benchmarks = new Dictionary<string, Func<BenchOptions, int>>
{
    ["gemm"] = GemmBench.Run,
    ["ngram"] = NGramBench.Run,
    ["rnn"] = RnnBench.Run,
    ["fuzz"] = FuzzBench.Run,
    ["step"] = StepBench.Run,
    ["bpe"] = BpeBench.Run,
    ["decode"] = DecodeBench.Run,
    ["embed"] = EmbedBench.Run,
    ["ctc"] = CtcBench.Run,
    ["features"] = FeaturesBench.Run,
    ["ctcdecode"] = CtcDecodeBench.Run,
    ["asr-data"] = AsrDataBench.Run,
    ["charptb"] = CharPtbBench.Run,
    ["seqtasks"] = SeqTasksBench.Run,
    ["seqspeed"] = SeqSpeedBench.Run,
    ["conv1d"] = Conv1dBench.Run,
    ["scan"] = ScanBench.Run,
    ["s4d"] = S4dBench.Run,
    ["mamba"] = MambaBench.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine(args.Length == 0 ? "usage: Recur.Bench <benchmark> [--option value ...]" : $"unknown benchmark '{args[0]}'");
    Console.Error.WriteLine("benchmarks: " + string.Join(", ", benchmarks.Keys));
    return 2;
}
try
{
    return run(BenchOptions.Parse(args.AsSpan(1)));
}
catch (ArgumentException e)   // a bad option value: its message names the option, a stack trace would not help
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 2;
}
