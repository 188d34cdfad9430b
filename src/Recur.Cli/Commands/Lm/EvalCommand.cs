using System.CommandLine;
using System.Text.Json;
using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>`recur lm eval`: loss, bits/char and perplexity of a model on a text, over every character after the first.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = Checkpoint.ModelDescription, Required = true };
        var text = new Option<string>("--text") { Description = "UTF-8 text file to score (all of it: every character after the first is predicted once).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"loss\", \"bpc\", \"perplexity\", \"chars\", \"skipped\"} instead of a sentence." };
        var unknown = new Option<string>("--unknown")
        {
            Description = "Characters the model never saw: error (refuse the text, naming them) or skip (leave them out and count them).",
            DefaultValueFactory = _ => "error",
        };
        unknown.AcceptOnlyFromAmong("error", "skip");
        var ngram = new Option<string?>("--ngram") { Description = "Word models: also score with this n-gram model (ARPA or binary, `recur ngram train`) and report the linear interpolation of the two." };
        var lambda = new Option<double?>("--lambda") { Description = "Weight of the neural model in the interpolation, in [0, 1]. Default: tuned on --tune-on, else on the scored text itself." };
        var tuneOn = new Option<string?>("--tune-on") { Description = "Held-out text (e.g. the validation set) on which the interpolation weight is tuned before scoring --text." };
        var command = new Command("eval", "Score a language model on a text: loss, bits/char and perplexity (characters), or perplexity, tokens and OOVs (words).");
        foreach (var option in new Option[] { model, text, json, unknown, ngram, lambda, tuneOn }) command.Options.Add(option);

        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            string path = r.GetValue(text)!;
            var (lm, settings, characters, words, _) = Checkpoint.Load(r.GetValue(model)!);
            string content = TextInput.Read(path);
            if (words is not null)
            {
                if (r.GetValue(ngram) is string ngramPath) return Interpolate(lm, words, content, path, ngramPath, r.GetValue(lambda), r.GetValue(tuneOn), r.GetValue(json), stdout);
                return EvaluateWords(lm, words, content, path, r.GetValue(json), stdout);
            }
            if (r.GetValue(ngram) is not null) throw new UserInputException("--ngram: interpolation needs a word-level model");
            var vocabulary = characters!;
            var unseen = vocabulary.FindUnknown(content);
            int skipped = 0;
            if (r.GetValue(unknown) == "skip") content = vocabulary.RemoveUnknown(content, out skipped);
            var ids = Encode(vocabulary, content, path);
            if (ids.Length < 2) throw new UserInputException($"{path}: too short to score (needs at least two characters{(skipped > 0 ? " the model knows" : "")})");
            var score = CharLmEvaluation.Evaluate(lm, ids);
            if (r.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(new { loss = score.Nats, bpc = score.BitsPerChar, perplexity = score.Perplexity, chars = score.Chars, skipped }));
            else
                stdout.WriteLine($"{path}: loss {score.Nats:F4} nats/char, {score.BitsPerChar:F4} bits/char, perplexity {score.Perplexity:F3} over {score.Chars:N0} predicted characters" +
                                 (skipped > 0 ? $"; skipped {skipped:N0} ({CharVocabulary.UnknownMessage(unseen)})" : ""));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A word model's perplexity over every token of the text (<see cref="WordScoring"/>: each line's words and its
    /// <c>&lt;/s&gt;</c>, as <c>recur ngram eval</c> counts them); words the model never saw are scored as
    /// <c>&lt;unk&gt;</c> and counted as OOVs.
    /// </summary>
    static int EvaluateWords(CharLanguageModel lm, Data.TokenVocabulary words, string content, string path, bool json, TextWriter stdout)
    {
        var sentences = WordScoring.Sentences(content);
        if (sentences.Length == 0) throw new UserInputException($"{path}: has no lines to score");
        var tokens = WordScoring.Recurrent(lm, words, sentences, out long oov);
        var score = new LmScore(-tokens.Average(), tokens.Length);
        if (json)
            stdout.WriteLine(JsonSerializer.Serialize(new { perplexity = score.Perplexity, loss = score.Nats, tokens = score.Chars, oov }));
        else
            stdout.WriteLine($"{path}: perplexity {score.Perplexity:F3} (loss {score.Nats:F4} nats/word) over {score.Chars:N0} tokens, {oov:N0} OOVs scored as <unk>");
        return 0;
    }

    /// <summary>
    /// The neural model, the n-gram model and their linear interpolation on the same tokens; the weight is given,
    /// or tuned on a held-out text (or, without one, on the scored text, which the output then says).
    /// </summary>
    static int Interpolate(CharLanguageModel lm, Data.TokenVocabulary words, string content, string path, string ngramPath,
        double? lambda, string? tuneOn, bool json, TextWriter stdout)
    {
        if (lambda is double l && l is < 0 or > 1) throw new UserInputException($"--lambda {l}: must lie in [0, 1]");
        Recur.NGram.BackoffModel ngramModel;
        try { ngramModel = Recur.NGram.BackoffModel.Load(ngramPath); }
        catch (Exception e) when (e is InvalidDataException or FormatException) { throw new UserInputException(e.Message.ReplaceLineEndings(" "), e); }
        var sentences = WordScoring.Sentences(content);
        if (sentences.Length == 0) throw new UserInputException($"{path}: has no words to score");
        var neural = WordScoring.Recurrent(lm, words, sentences, out long oov);
        var ngramScores = WordScoring.NGram(ngramModel, sentences);
        string tunedOn = "given";
        if (lambda is null)
        {
            if (tuneOn is not null)
            {
                var held = WordScoring.Sentences(TextInput.Read(tuneOn));
                if (held.Length == 0) throw new UserInputException($"{tuneOn}: has no words to tune on");
                lambda = LinearInterpolation.Tune(WordScoring.Recurrent(lm, words, held, out _), WordScoring.NGram(ngramModel, held)).Lambda;
                tunedOn = tuneOn;
            }
            else (lambda, tunedOn) = (LinearInterpolation.Tune(neural, ngramScores).Lambda, path);
        }
        double pNeural = LinearInterpolation.Perplexity(neural, ngramScores, 1), pNgram = LinearInterpolation.Perplexity(neural, ngramScores, 0);
        double mixed = LinearInterpolation.Perplexity(neural, ngramScores, lambda.Value);
        if (json)
            stdout.WriteLine(JsonSerializer.Serialize(new { perplexity = mixed, neural_perplexity = pNeural, ngram_perplexity = pNgram, lambda = lambda.Value, tuned_on = tunedOn, tokens = neural.Length, oov }));
        else
            stdout.WriteLine($"{path}: perplexity {mixed:F3} interpolated (λ = {lambda.Value:F3} on the neural model, {(tunedOn == "given" ? "given" : $"tuned on {tunedOn}")}); neural {pNeural:F3}, n-gram {pNgram:F3}; {neural.Length:N0} tokens, {oov:N0} OOVs");
        return 0;
    }

    /// <summary>Ids of <paramref name="text"/>; characters the model never saw are an error naming them and the file.</summary>
    public static int[] Encode(CharVocabulary vocabulary, string text, string path)
    {
        var unknown = vocabulary.FindUnknown(text);
        if (unknown.Count > 0) throw new UserInputException($"{path}: {CharVocabulary.UnknownMessage(unknown)} (pass --unknown skip to leave them out)");
        return vocabulary.Encode(text);
    }
}
