namespace Recur.IO;

/// <summary>A line of a text file without its line ending, and its 1-based line number.</summary>
public readonly record struct NumberedLine(long Number, string Text);
