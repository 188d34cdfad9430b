using System.CommandLine;
using System.Text.Json;
using Recur.LanguageModels;

namespace Recur.Cli.Commands.Lm;

/// <summary>`recur lm eval`: loss, bits/char and perplexity of a model on a text, over every character after the first.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory written by `recur lm train`.", Required = true };
        var text = new Option<string>("--text") { Description = "UTF-8 text file to score (all of it: every character after the first is predicted once).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"loss\", \"bpc\", \"perplexity\", \"chars\", \"skipped\"} instead of a sentence." };
        var unknown = new Option<string>("--unknown")
        {
            Description = "Characters the model never saw: error (refuse the text, naming them) or skip (leave them out and count them).",
            DefaultValueFactory = _ => "error",
        };
        unknown.AcceptOnlyFromAmong("error", "skip");
        var command = new Command("eval", "Score a language model on a text: loss, bits/char and perplexity (characters), or perplexity, tokens and OOVs (words).");
        foreach (var option in new Option[] { model, text, json, unknown }) command.Options.Add(option);

        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            string path = r.GetValue(text)!;
            var (lm, settings, characters, words, _) = Checkpoint.Load(r.GetValue(model)!);
            string content = TextInput.Read(path);
            if (words is not null) return EvaluateWords(lm, words, content, path, r.GetValue(json), stdout);
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
    /// A word model's perplexity over every token of the text — each line's words and its <c>&lt;/s&gt;</c>, as
    /// <c>recur ngram eval</c> counts them — read as one stream after an initial <c>&lt;/s&gt;</c>; words the model
    /// never saw are scored as <c>&lt;unk&gt;</c> and counted as OOVs.
    /// </summary>
    static int EvaluateWords(CharLanguageModel lm, Data.TokenVocabulary words, string content, string path, bool json, TextWriter stdout)
    {
        var tokens = LmCorpus.WordStream(content.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Prepend(Data.TokenVocabulary.End).ToArray();
        if (tokens.Length < 2) throw new UserInputException($"{path}: has no words to score");
        long oov = 0;
        var ids = words.Encode(tokens, ref oov);
        var score = CharLmEvaluation.Evaluate(lm, ids);
        if (json)
            stdout.WriteLine(JsonSerializer.Serialize(new { perplexity = score.Perplexity, loss = score.Nats, tokens = score.Chars, oov }));
        else
            stdout.WriteLine($"{path}: perplexity {score.Perplexity:F3} (loss {score.Nats:F4} nats/word) over {score.Chars:N0} tokens, {oov:N0} OOVs scored as <unk>");
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
