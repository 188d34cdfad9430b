using SkiaSharp;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// Renders text as a PNG, one fixed-width cell per character, each cell's background coloured by a unit's
/// activation (red positive, blue negative, strength ∝ |value| / max |value|), as in Karpathy et al. (2015), fig. 2.
/// Uses SkiaSharp, which ScottPlot already brings.
/// </summary>
internal static class ActivationImage
{
    const int CellWidth = 9, CellHeight = 18, Columns = 100, Margin = 8;

    public static void Write(string path, string text, ReadOnlySpan<float> values)
    {
        var lines = Layout(text);
        int width = 2 * Margin + Columns * CellWidth, height = 2 * Margin + Math.Max(lines.Count, 1) * CellHeight;
        float scale = 1e-6f;
        foreach (float v in values) scale = Math.Max(scale, Math.Abs(v));

        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("monospace") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, 14);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fill = new SKPaint();
        for (int row = 0; row < lines.Count; row++)
            foreach (var (column, index) in lines[row])
            {
                float a = values[index] / scale;
                byte alpha = (byte)Math.Clamp(MathF.Round(MathF.Abs(a) * 255), 0, 255);
                fill.Color = a >= 0 ? new SKColor(220, 40, 40, alpha) : new SKColor(40, 90, 220, alpha);
                float x = Margin + column * CellWidth, y = Margin + row * CellHeight;
                canvas.DrawRect(x, y, CellWidth, CellHeight, fill);
                char c = text[index];
                if (!char.IsWhiteSpace(c)) canvas.DrawText(c.ToString(), x + 1, y + CellHeight - 5, font, ink);
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Recur.IO.AtomicFile.Write(path, s => png.SaveTo(s));
    }

    /// <summary>(column, character index) per display row: a line break ends a row (and is drawn as its last cell), long lines wrap.</summary>
    static List<List<(int Column, int Index)>> Layout(string text)
    {
        var rows = new List<List<(int, int)>> { new() };
        for (int i = 0; i < text.Length; i++)
        {
            if (rows[^1].Count == Columns) rows.Add([]);
            rows[^1].Add((rows[^1].Count, i));
            if (text[i] == '\n') rows.Add([]);
        }
        return rows;
    }
}
