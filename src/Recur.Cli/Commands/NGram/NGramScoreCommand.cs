using System.CommandLine;
using System.Globalization;
using System.Text;
using Recur.IO;
using Recur.NGram;

namespace Recur.Cli.Commands.NGram;

/// <summary>
/// `recur ngram score`: KenLM <c>query</c>'s output for each sentence read from stdin (or a file) — every word as
/// <c>word=id n log10p</c> (id 0 marks an OOV, n is the order of the n-gram matched), then <c>Total: … OOV: …</c> —
/// and KenLM's four corpus lines at the end; <c>--sentence-only</c> prints just each sentence's log10 probability.
/// </summary>
internal static class NGramScoreCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "--arpa") { Description = ModelOption.Description, Required = true };
        var text = new Option<string?>("--text") { Description = "Read sentences from this file instead of stdin." };
        var sentenceOnly = new Option<bool>("--sentence-only") { Description = "Print only the log10 probability of each sentence, one per line." };
        var command = new Command("score",
            "Score each sentence as KenLM's query does: per-word log10 p with the n-gram length used, per-sentence totals, corpus perplexity.")
            { model, text, sentenceOnly };
        command.SetAction(parseResult => CommandErrors.Guard(parseResult, output =>
        {
            var lm = BackoffModel.Load(parseResult.GetValue(model)!);
            string? path = parseResult.GetValue(text);
            using var input = path == null ? new StrictTextReader(Console.OpenStandardInput(), "stdin", rejectEmpty: false) : TextFile.OpenText(path);
            if (parseResult.GetValue(sentenceOnly))
                while (input.ReadLine() is { } line)
                    output.WriteLine(lm.SentenceLog10Prob(line).ToString("0.######", CultureInfo.InvariantCulture));
            else
                Query(lm, input, output);
            return 0;
        }));
        return command;
    }

    /// <summary>KenLM's accumulation: a float total per sentence, summed in double over the corpus.</summary>
    static void Query(BackoffModel lm, TextReader input, TextWriter output)
    {
        var words = new List<WordScore>();
        var line = new StringBuilder();
        double corpus = 0, corpusOov = 0;
        long tokens = 0, oovs = 0, sentences = 0;
        while (input.ReadLine() is { } sentence)
        {
            words.Clear();
            lm.ScoreSentence(sentence, words);
            float total = 0;
            long oov = 0;
            line.Clear();
            foreach (var w in words)
            {
                total += w.Log10Prob;
                if (w.IsUnknown) { oov++; corpusOov += w.Log10Prob; }
                string surface = w.Token.Equals(default(Range)) ? Vocabulary.EndSentenceWord : sentence[w.Token];
                line.Append(surface).Append('=').Append(w.WordId.ToString(CultureInfo.InvariantCulture)).Append(' ')
                    .Append(w.NGramLength.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ShortestNumber.Format(w.Log10Prob)).Append('\t');
            }
            line.Append("Total: ").Append(ShortestNumber.Format(total)).Append(" OOV: ").Append(oov.ToString(CultureInfo.InvariantCulture));
            output.WriteLine(line);
            corpus += total;
            oovs += oov;
            tokens += words.Count;
            sentences++;
        }
        var result = new PerplexityResult(corpus, corpusOov, tokens, oovs, sentences);
        output.Write($"Perplexity including OOVs:\t{ShortestNumber.Format(result.Perplexity)}\nPerplexity excluding OOVs:\t{ShortestNumber.Format(result.PerplexityExcludingOov)}\nOOVs:\t{oovs}\nTokens:\t{tokens}\n");
    }
}
