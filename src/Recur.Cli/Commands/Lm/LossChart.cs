using ScottPlot;

namespace Recur.Cli.Commands.Lm;

/// <summary>Draws train and validation loss (nats/char) against step from the log into a PNG.</summary>
internal static class LossChart
{
    public static void Write(string path, IReadOnlyList<LogEntry> entries)
    {
        var plot = new Plot();
        var train = entries.Where(e => e.Kind == "train").ToArray();
        var eval = entries.Where(e => e.Kind == "eval").ToArray();
        if (train.Length > 0)
        {
            var line = plot.Add.Scatter(train.Select(e => (double)e.Step).ToArray(), train.Select(e => e.Loss).ToArray());
            line.LegendText = "train";
            line.MarkerSize = 0;
        }
        if (eval.Length > 0)
        {
            var line = plot.Add.Scatter(eval.Select(e => (double)e.Step).ToArray(), eval.Select(e => e.Loss).ToArray());
            line.LegendText = "validation";
            line.MarkerSize = 5;
        }
        plot.Title("Character model loss");
        plot.XLabel("step");
        plot.YLabel("loss (nats/char)");
        plot.ShowLegend();
        var bytes = plot.GetImageBytes(800, 500, ImageFormat.Png);
        Recur.IO.AtomicFile.Write(path, s => s.Write(bytes));
    }
}
