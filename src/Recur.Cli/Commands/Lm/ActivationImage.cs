using SkiaSharp;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// Renders text as a PNG, one fixed-width cell per character, each cell's background coloured by a unit's
/// activation (red positive, blue negative, strength ∝ |value| / max |value|), as in Karpathy et al. (2015), fig. 2.
/// Above the text: a title (unit, feature, r) and the colour scale from −max to +max. Uses SkiaSharp, which ScottPlot
/// already brings.
/// </summary>
internal static class ActivationImage
{
    const int CellWidth = 9, CellHeight = 18, Columns = 100, Margin = 8;
    const int TitleHeight = 22, ScaleWidth = 300, ScaleHeight = 12, LabelHeight = 16;

    /// <summary>Pixels above the text: title, colour scale, its labels and a gap.</summary>
    const int HeaderHeight = TitleHeight + ScaleHeight + LabelHeight + Margin;

    public static void Write(string path, string text, ReadOnlySpan<float> values, string title)
    {
        var lines = Layout(text);
        int width = 2 * Margin + Columns * CellWidth, height = 2 * Margin + HeaderHeight + Math.Max(lines.Count, 1) * CellHeight;
        float scale = 1e-6f;
        foreach (float v in values) scale = Math.Max(scale, Math.Abs(v));

        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("monospace") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, 14);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fill = new SKPaint();
        using var titleFont = new SKFont(typeface, 16) { Embolden = true };
        canvas.DrawText(title, Margin, Margin + TitleHeight - 6, titleFont, ink);
        DrawScale(canvas, Margin, Margin + TitleHeight, scale, font, ink, fill);
        for (int row = 0; row < lines.Count; row++)
            foreach (var (column, index) in lines[row])
            {
                float a = values[index] / scale;
                fill.Color = Colour(a);
                float x = Margin + column * CellWidth, y = Margin + HeaderHeight + row * CellHeight;
                canvas.DrawRect(x, y, CellWidth, CellHeight, fill);
                char c = text[index];
                if (!char.IsWhiteSpace(c)) canvas.DrawText(c.ToString(), x + 1, y + CellHeight - 5, font, ink);
            }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Recur.IO.AtomicFile.Write(path, s => png.SaveTo(s));
    }

    /// <summary>The cell colour for a = value / max |value| in [−1, 1]: red or blue with opacity |a| over white.</summary>
    static SKColor Colour(float a)
    {
        byte alpha = (byte)Math.Clamp(MathF.Round(MathF.Abs(a) * 255), 0, 255);
        return a >= 0 ? new SKColor(220, 40, 40, alpha) : new SKColor(40, 90, 220, alpha);
    }

    /// <summary>A bar from −max (left) through 0 to +max (right) in the cell colours, labelled at both ends and the middle.</summary>
    static void DrawScale(SKCanvas canvas, float x, float y, float max, SKFont font, SKPaint ink, SKPaint fill)
    {
        for (int i = 0; i < ScaleWidth; i++)
        {
            fill.Color = Colour(2f * i / (ScaleWidth - 1) - 1f);
            canvas.DrawRect(x + i, y, 1, ScaleHeight, fill);
        }
        using var frame = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke };
        canvas.DrawRect(x, y, ScaleWidth, ScaleHeight, frame);
        float baseline = y + ScaleHeight + LabelHeight - 3;
        string low = (-max).ToString("+0.00;-0.00", System.Globalization.CultureInfo.InvariantCulture);
        string high = max.ToString("+0.00;-0.00", System.Globalization.CultureInfo.InvariantCulture);
        canvas.DrawText(low, x, baseline, font, ink);
        canvas.DrawText("0", x + ScaleWidth / 2f - 4, baseline, font, ink);
        canvas.DrawText(high, x + ScaleWidth - font.MeasureText(high), baseline, font, ink);
        canvas.DrawText("activation", x + ScaleWidth + 12, y + ScaleHeight, font, ink);
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
