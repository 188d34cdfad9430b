using ScottPlot;

namespace Recur.Training;

/// <summary>
/// Draws a run's log as a PNG: training and validation loss against step on the left axis and, when the run
/// selects on another metric (BLEU, accuracy), that metric on the right axis. The legend sits below the plot area,
/// so it never covers the data.
/// </summary>
public static class MetricsChart
{
    public static void Write(string path, IReadOnlyList<MetricsLogEntry> entries, string title, string lossLabel = "loss", string? metric = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var plot = new Plot();
        Series(plot, entries, "train", "loss", "train", markerSize: 0, right: false);
        Series(plot, entries, "eval", "loss", "validation", markerSize: 5, right: false);
        if (metric is not null && metric != "loss" && Series(plot, entries, "eval", metric, $"validation {metric}", markerSize: 5, right: true))
            plot.Axes.Right.Label.Text = metric;
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(lossLabel);
        plot.ShowLegend(Edge.Bottom);
        var bytes = plot.GetImageBytes(800, 520, ImageFormat.Png);
        IO.AtomicFile.Write(path, s => s.Write(bytes));
    }

    static bool Series(Plot plot, IReadOnlyList<MetricsLogEntry> entries, string kind, string value, string label, float markerSize, bool right)
    {
        var points = entries.Where(e => e.Kind == kind && e.Values.TryGetValue(value, out double v) && double.IsFinite(v)).ToArray();
        if (points.Length == 0) return false;
        var line = plot.Add.Scatter(points.Select(e => (double)e.Step).ToArray(), points.Select(e => e.Values[value]).ToArray());
        line.LegendText = label;
        line.MarkerSize = markerSize;
        if (right) line.Axes.YAxis = plot.Axes.Right;
        return true;
    }
}
