using System.CommandLine;
using System.Net;
using System.Text;
using Recur.LanguageModels;
using Recur.Nn;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// `recur lm inspect`: Karpathy et al. (2015)'s visualisation. Runs the model over a text, correlates every hidden
/// and (for an LSTM) cell-state unit of every layer with simple text features, prints the best unit per feature, and
/// where asked writes the text as HTML and/or PNG with each character's background coloured by one unit's activation
/// (red positive, blue negative). A feature that never occurs in the text is reported as such, and the rendering
/// then shows the best-correlated feature that does occur.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = Checkpoint.ModelDescription, Required = true };
        var text = new Option<string>("--text") { Description = "UTF-8 text file to run the model over.", Required = true };
        var chars = new Option<int>("--chars") { Description = "Use at most this many characters from the start of the text.", DefaultValueFactory = _ => 5_000 };
        var feature = new Option<string>("--feature") { Description = "Feature whose best unit is rendered: inside-quotes, bracket-depth or line-position.", DefaultValueFactory = _ => "inside-quotes" };
        feature.AcceptOnlyFromAmong(TextFeature.All.Select(f => f.Name).ToArray());
        var unit = new Option<int?>("--unit") { Description = "Render this unit (numbered as printed: hidden states of every layer, then cell states) instead of the feature's best one." };
        var html = new Option<string?>("--html") { Description = "Write the coloured text as HTML to this file. Default: no HTML." };
        var png = new Option<string?>("--png") { Description = "Render the coloured text as a PNG image, with a title and colour scale, to this file. Default: no image." };
        var command = new Command("inspect", "Find hidden units that track quotes, bracket depth or line position, and render one over the text.");
        foreach (var option in new Option[] { model, text, chars, feature, unit, html, png }) command.Options.Add(option);

        LmCommand.SetGuardedAction(command, (r, stdout, stderr) =>
        {
            int limit = r.GetValue(chars);
            if (limit < 2) throw new UserInputException($"--chars {limit}: must be at least 2");
            string dir = r.GetValue(model)!, path = r.GetValue(text)!;
            var (lm, vocabulary, _) = Checkpoint.LoadModel(dir);
            if (!lm.Config.Cell.IsRecurrent())
                throw new UserInputException($"{dir}: a {lm.Config.Cell.ToString().ToLowerInvariant()} model; inspect reads the hidden and cell states of rnn, lstm and gru models");
            var content = TextInput.Read(path);
            if (content.Length > limit) content = content[..limit];
            // Unlike eval, which must score every character, inspection only shows the text: characters the model
            // never saw are dropped with a note rather than refusing the file.
            var unknown = vocabulary.FindUnknown(content);
            if (unknown.Count > 0)
            {
                content = vocabulary.RemoveUnknown(content, out _);
                stderr.WriteLine($"note: {path}: {CharVocabulary.UnknownMessage(unknown)}; they are left out of the inspection");
                if (content.Length < 2) throw new UserInputException($"{path}: fewer than 2 characters the model knows");
            }
            var ids = vocabulary.Encode(content);
            var activations = StateActivations(lm, ids, out int H);       // (N, U)

            var matches = CellInspection.BestUnits(content, activations, H);
            foreach (var m in matches)
                stdout.WriteLine(m.FeatureOccurs
                    ? $"{m.Feature.Name,-14} best unit {m.Unit,5} ({UnitName(lm, m.Unit)})  r = {m.Correlation:+0.000;-0.000}  ({m.Feature.Description})"
                    : $"{m.Feature.Name,-14} never varies in this text, so no unit can track it  ({m.Feature.Description})");
            string? htmlPath = r.GetValue(html), pngPath = r.GetValue(png);
            if (htmlPath == null && pngPath == null) return 0;

            var chosen = matches.First(m => m.Feature.Name == r.GetValue(feature));
            if (!chosen.FeatureOccurs && r.GetValue(unit) == null)
            {
                chosen = CellInspection.Strongest(matches) ?? throw new UserInputException($"{path}: none of the features varies in the text; give --unit to render one");
                stdout.WriteLine($"note: {r.GetValue(feature)} never varies in {path}; rendering {chosen.Feature.Name}, the best-correlated feature that does");
            }
            int shown = r.GetValue(unit) ?? chosen.Unit;
            if (shown < 0 || shown >= H) throw new UserInputException($"--unit {shown}: the model has units 0..{H - 1} (hidden then cell states of every layer)");
            var values = new float[ids.Length];
            for (int n = 0; n < values.Length; n++) values[n] = activations[n * H + shown];
            string title = $"unit {shown} ({UnitName(lm, shown)})" +
                           (shown == chosen.Unit ? $", {chosen.Feature.Name} r = {chosen.Correlation:+0.000;-0.000}" : "");
            if (htmlPath != null)
            {
                Recur.IO.AtomicFile.WriteAllText(htmlPath, Html(content, values, title));
                stdout.WriteLine($"wrote {htmlPath}: {title}");
            }
            if (pngPath != null)
            {
                ActivationImage.Write(pngPath, content, values, title);
                stdout.WriteLine($"wrote {pngPath}: {title}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Every layer's hidden state h and, for an LSTM, cell state c after each character, (N, U) row-major with
    /// U = L·H·(2 for an LSTM, else 1): units [0, L·H) are h of layers 0…L−1, the rest c. The text is read one step
    /// at a time so that c, which the network returns only as a final state, is seen at every position.
    /// </summary>
    static float[] StateActivations(CharLanguageModel model, int[] ids, out int units)
    {
        int LH = model.Config.Layers * model.Config.HiddenSize;
        units = model.Config.Cell == CellKind.Lstm ? 2 * LH : LH;
        var result = new float[ids.Length * units];
        using var noGrad = Tensor.NoGrad();
        SequenceState? state = null;
        for (int n = 0; n < ids.Length; n++)
        {
            var (_, _, next) = model.Forward(ids.AsSpan(n, 1), 1, 1, state);          // h, c: (1, L, H)
            next.Tensors[0].ToArray().CopyTo(result, n * units);
            if (next.Tensors.Count > 1) next.Tensors[1].ToArray().CopyTo(result, n * units + LH);
            state = next;
        }
        return result;
    }

    /// <summary>"layer 2 cell 37" for a flat unit index of <see cref="StateActivations"/>.</summary>
    static string UnitName(CharLanguageModel model, int unit)
    {
        int H = model.Config.HiddenSize, LH = model.Config.Layers * H;
        string kind = unit >= LH ? "cell" : "hidden";
        return $"layer {unit % LH / H + 1} {kind} {unit % H}";
    }

    static string Html(string text, float[] values, string title)
    {
        float scale = Math.Max(values.Max(v => Math.Abs(v)), 1e-6f);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title))
          .Append("</title><style>body{font-family:monospace;white-space:pre;line-height:1.4}span{padding:0}</style></head><body>")
          .Append("<h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3>");
        for (int i = 0; i < text.Length; i++)
        {
            // Red for positive, blue for negative activation, with opacity ∝ |value| relative to the largest one.
            float a = values[i] / scale;
            string colour = a >= 0 ? $"rgba(220,40,40,{a:F2})" : $"rgba(40,90,220,{-a:F2})";
            string c = text[i] == '\n' ? "↵\n" : WebUtility.HtmlEncode(text[i].ToString());
            sb.Append("<span style=\"background:").Append(colour).Append("\">").Append(c).Append("</span>");
        }
        return sb.Append("</body></html>\n").ToString();
    }
}
