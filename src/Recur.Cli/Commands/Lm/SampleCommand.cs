using System.CommandLine;
using Recur.Decoding;
using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>`recur lm sample`: streams generated text to stdout.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = Checkpoint.ModelDescription, Required = true };
        var length = new Option<int>("--length") { Description = "Characters to generate (word models: the most words per sentence).", DefaultValueFactory = _ => 500 };
        var sentences = new Option<int>("--sentences") { Description = "Word models: sentences to generate, each until </s> or --length words.", DefaultValueFactory = _ => 5 };
        var prime = new Option<string>("--prime") { Description = "Text to start from; it is printed first. Default: a line break.", DefaultValueFactory = _ => "" };
        var temperature = new Option<float>("--temperature") { Description = "Softmax temperature: below 1 is more conservative, above 1 more varied.", DefaultValueFactory = _ => 1f };
        var topK = new Option<int?>("--top-k") { Description = "Sample only among the k most likely characters. Default: all." };
        var topP = new Option<float?>("--top-p") { Description = "Nucleus sampling: only among the most likely characters whose total probability reaches p. Default: 1." };
        var minP = new Option<float?>("--min-p") { Description = "Min-p sampling: only among characters at least p times as likely as the most likely one. Default: 0." };
        var greedy = new Option<bool>("--greedy") { Description = "Always take the most likely character (ignores temperature, top-k, top-p, min-p)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling generator.", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Generate text from a trained model: characters streamed to stdout, or sentences from a word model.");
        foreach (var option in new Option[] { model, length, sentences, prime, temperature, topK, topP, minP, greedy, seed }) command.Options.Add(option);

        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            int n = r.GetValue(length);
            float t = r.GetValue(temperature);
            int? k = r.GetValue(topK);
            float? p = r.GetValue(topP);
            float? m = r.GetValue(minP);
            if (n < 0) throw new UserInputException($"--length {n}: must be 0 or more");
            if (!(t > 0) || float.IsInfinity(t)) throw new UserInputException($"--temperature {t}: must be a positive number");
            if (k is < 1) throw new UserInputException($"--top-k {k}: must be at least 1");
            if (p is float pv && !(pv > 0 && pv <= 1)) throw new UserInputException($"--top-p {pv}: must lie in (0, 1]");
            if (m is float mv && !(mv >= 0 && mv <= 1)) throw new UserInputException($"--min-p {mv}: must lie in [0, 1]");
            string dir = r.GetValue(model)!;
            var (lm, _, characters, words, _) = Checkpoint.Load(dir);
            string primeText = r.GetValue(prime) ?? "";
            var sampling = new SamplingOptions(t, k, p, r.GetValue(greedy), m);
            if (words is not null)
            {
                int count = r.GetValue(sentences);
                if (count < 1) throw new UserInputException($"--sentences {count}: must be at least 1");
                if (n < 1) throw new UserInputException($"--length {n}: must be at least 1 word");
                foreach (var sentence in WordLmSampler.Generate(lm, words, primeText, count, n, sampling, new Generator(r.GetValue(seed))))
                    stdout.WriteLine(sentence);
                return 0;
            }
            var vocabulary = characters!;
            var unknown = vocabulary.FindUnknown(primeText);
            if (unknown.Count > 0) throw new UserInputException($"--prime: {CharVocabulary.UnknownMessage(unknown)} (model {dir})");
            stdout.Write(primeText);
            CharLmSampler.Generate(lm, vocabulary, primeText, n, sampling, new Generator(r.GetValue(seed)),
                c => { stdout.Write(c); if (c == '\n') stdout.Flush(); });
            stdout.WriteLine();
            return 0;
        });
        return command;
    }
}
