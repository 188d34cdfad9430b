using System.CommandLine;
using System.Net;
using System.Text;
using Recur.LanguageModels;
using Recur.Nn;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// `recur lm inspect`: Karpathy et al. (2015)'s visualisation. Runs the model over a text, correlates every hidden
/// and (for an LSTM) cell-state unit of every layer with simple text features, prints the best unit per feature, and
/// writes the text as HTML with each character's background coloured by one unit's activation (red positive, blue
/// negative).
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory written by `recur lm train`.", Required = true };
        var text = new Option<string>("--text") { Description = "UTF-8 text file to run the model over.", Required = true };
        var chars = new Option<int>("--chars") { Description = "Use at most this many characters from the start of the text.", DefaultValueFactory = _ => 5_000 };
        var feature = new Option<string>("--feature") { Description = "Feature whose best unit is rendered: inside-quotes, bracket-depth or line-position.", DefaultValueFactory = _ => "inside-quotes" };
        feature.AcceptOnlyFromAmong(TextFeature.All.Select(f => f.Name).ToArray());
        var unit = new Option<int?>("--unit") { Description = "Render this unit (numbered as printed: hidden states of every layer, then cell states) instead of the feature's best one." };
        var html = new Option<string?>("--html") { Description = "Where to write the coloured text. Default: inspect.html in the model directory." };
        var png = new Option<string?>("--png") { Description = "Also render the coloured text as a PNG image to this file. Default: no image." };
        var command = new Command("inspect", "Find hidden units that track quotes, bracket depth or line position, and render one over the text.");
        foreach (var option in new Option[] { model, text, chars, feature, unit, html, png }) command.Options.Add(option);

        LmCommand.SetGuardedAction(command, (r, stdout, stderr) =>
        {
            int limit = r.GetValue(chars);
            if (limit < 2) throw new UserInputException($"--chars {limit}: must be at least 2");
            string dir = r.GetValue(model)!, path = r.GetValue(text)!;
            var (lm, vocabulary, _) = Checkpoint.LoadModel(dir);
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
                stdout.WriteLine($"{m.Feature.Name,-14} best unit {m.Unit,5} ({UnitName(lm, m.Unit)})  r = {m.Correlation:+0.000;-0.000}  ({m.Feature.Description})");
            var chosenFeature = matches.First(m => m.Feature.Name == r.GetValue(feature));
            int shown = r.GetValue(unit) ?? chosenFeature.Unit;
            if (shown < 0 || shown >= H) throw new UserInputException($"--unit {shown}: the model has units 0..{H - 1} (hidden then cell states of every layer)");
            string output = r.GetValue(html) ?? Path.Combine(dir, "inspect.html");
            var values = new float[ids.Length];
            for (int n = 0; n < values.Length; n++) values[n] = activations[n * H + shown];
            Recur.IO.AtomicFile.WriteAllText(output, Html(content, values, $"unit {shown}, {UnitName(lm, shown)}" + (shown == chosenFeature.Unit ? $" ({chosenFeature.Feature.Name}: r = {chosenFeature.Correlation:F3})" : "")));
            stdout.WriteLine($"wrote {output} (unit {shown}, {UnitName(lm, shown)})");
            if (r.GetValue(png) is string image)
            {
                ActivationImage.Write(image, content, values);
                stdout.WriteLine($"wrote {image}");
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
        RecurrentState? state = null;
        for (int n = 0; n < ids.Length; n++)
        {
            var (_, _, next) = model.Forward(ids.AsSpan(n, 1), 1, 1, state);          // state (L, 1, H)
            next.H.ToArray().CopyTo(result, n * units);
            next.C?.ToArray().CopyTo(result, n * units + LH);
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
