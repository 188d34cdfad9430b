using ScottPlot;

namespace Recur.Embeddings.Projection;

/// <summary>
/// A 2-D picture of chosen words: their vectors projected on the first two principal components of the chosen set,
/// drawn as labelled points in a PNG (written atomically).
/// </summary>
public static class ProjectionPlot
{
    /// <summary>The words found in <paramref name="vectors"/> and their (PC1, PC2) coordinates; missing words are skipped.</summary>
    public static IReadOnlyList<(string Word, float X, float Y)> Project(WordVectors vectors, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(words);
        var found = words.Where(w => vectors.IndexOf(w) >= 0).Distinct().ToArray();
        if (found.Length < 2) throw new ArgumentException($"a plot needs at least two words with vectors; found {found.Length} of {words.Count}");
        int d = vectors.Dimension;
        var rows = new float[found.Length * d];
        for (int i = 0; i < found.Length; i++) vectors.Vector(vectors.IndexOf(found[i])).CopyTo(rows.AsSpan(i * d, d));
        var (components, _) = PrincipalComponents.Compute(rows, d, 2);
        var xy = PrincipalComponents.Project(rows, d, components);
        int k = components.Length;
        return found.Select((w, i) => (w, xy[i * k], k > 1 ? xy[i * k + 1] : 0f)).ToArray();
    }

    public static void Write(string path, IReadOnlyList<(string Word, float X, float Y)> points, string title)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = new Plot();
        var scatter = plot.Add.ScatterPoints(points.Select(p => (double)p.X).ToArray(), points.Select(p => (double)p.Y).ToArray());
        scatter.MarkerSize = 6;
        foreach (var p in points)
        {
            var label = plot.Add.Text(p.Word, p.X, p.Y);
            label.LabelFontSize = 12;
            label.OffsetX = 4;
        }
        plot.Axes.Margins(horizontal: 0.15, vertical: 0.1); // room for the labels of the outermost points
        plot.Title(title);
        plot.XLabel("first principal component");
        plot.YLabel("second principal component");
        var bytes = plot.GetImageBytes(900, 700, ImageFormat.Png);
        IO.AtomicFile.Write(path, s => s.Write(bytes));
    }
}
