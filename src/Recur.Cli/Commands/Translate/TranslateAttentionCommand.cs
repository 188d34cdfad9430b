using System.CommandLine;
using Recur.Translation;

namespace Recur.Cli.Commands.Translate;

/// <summary>`recur translate attention`: translates one sentence and draws the attention of each output token over the source as a PNG heatmap.</summary>
internal static class TranslateAttentionCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = TranslateModel.Description, Required = true };
        var text = new Option<string>("--text") { Description = "The sentence to translate.", Required = true };
        var png = new Option<string>("--png") { Description = "Where to write the heatmap.", Required = true };
        var beam = new Option<int>("--beam") { Description = "Beam size (1: greedy).", DefaultValueFactory = _ => 5 };
        var command = new Command("attention", "Draw the alignment (source × output attention weights) of one translation.") { model, text, png, beam };
        LmCommand.SetGuardedAction(command, (r, stdout, _) =>
        {
            var (translator, settings) = TranslateModel.Load(r.GetValue(model)!);
            if (settings.Attention == Seq2Seq.AttentionKind.None) throw new UserInputException($"{r.GetValue(model)}: the model has no attention (--attention none)");
            int b = r.GetValue(beam);
            if (b < 1) throw new UserInputException($"--beam {b}: must be at least 1");
            string sentence = r.GetValue(text)!;
            var result = translator.Translate([sentence], new TranslationOptions { Beam = b, ReturnAttention = true })[0];
            string[] columns = [.. result.SourceTokens, "</s>"];
            string[] rows = result.Ended ? [.. result.Tokens, "</s>"] : result.Tokens;
            var weights = result.Attention ?? [];
            if (weights.Length != rows.Length * columns.Length)
                throw new InvalidOperationException($"The decoder returned {weights.Length} attention weights for {rows.Length} × {columns.Length}.");
            string path = r.GetValue(png)!;
            AttentionImage.Write(path, columns, rows, weights, $"{sentence} → {result.Text}");
            stdout.WriteLine(result.Text);
            stdout.WriteLine($"attention ({rows.Length} output × {columns.Length} source tokens) drawn in {path}");
            return 0;
        });
        return command;
    }
}
