using SkiaSharp;

namespace Recur.Cli.Commands.Translate;

/// <summary>
/// Draws an alignment as Bahdanau et al. (2014, fig. 3) do: one cell per (output token, source token), white for
/// weight 0 through black for 1, source tokens along the top (rotated) and output tokens down the left side.
/// </summary>
internal static class AttentionImage
{
    const int Cell = 28, Margin = 10, TitleHeight = 26;

    /// <param name="weights">rows × columns weights, row-major: one row per output token, one column per source token.</param>
    public static void Write(string path, IReadOnlyList<string> columns, IReadOnlyList<string> rows, ReadOnlySpan<float> weights, string title)
    {
        using var typeface = SKTypeface.FromFamilyName("sans-serif") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, 14);
        using var titleFont = new SKFont(typeface, 16) { Embolden = true };
        float labelsLeft = rows.Select(r => font.MeasureText(r)).DefaultIfEmpty(0).Max() + Margin;
        float labelsTop = columns.Select(c => font.MeasureText(c)).DefaultIfEmpty(0).Max() + Margin;
        int width = (int)(2 * Margin + labelsLeft + columns.Count * Cell), height = (int)(2 * Margin + TitleHeight + labelsTop + rows.Count * Cell);
        width = Math.Max(width, (int)titleFont.MeasureText(title) + 2 * Margin);
        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fill = new SKPaint();
        canvas.DrawText(title, Margin, Margin + TitleHeight - 8, titleFont, ink);
        float left = Margin + labelsLeft, top = Margin + TitleHeight + labelsTop;
        for (int c = 0; c < columns.Count; c++)
        {
            canvas.Save();
            canvas.Translate(left + c * Cell + Cell * 0.65f, top - 4);
            canvas.RotateDegrees(-90);
            canvas.DrawText(columns[c], 0, 0, font, ink);
            canvas.Restore();
        }
        for (int r = 0; r < rows.Count; r++)
        {
            canvas.DrawText(rows[r], left - Margin / 2 - font.MeasureText(rows[r]), top + r * Cell + Cell * 0.7f, font, ink);
            for (int c = 0; c < columns.Count; c++)
            {
                byte shade = (byte)Math.Clamp(255 - MathF.Round(weights[r * columns.Count + c] * 255), 0, 255);
                fill.Color = new SKColor(shade, shade, shade);
                canvas.DrawRect(left + c * Cell, top + r * Cell, Cell, Cell, fill);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Recur.IO.AtomicFile.Write(path, s => png.SaveTo(s));
    }
}
