namespace Recur.Data;

/// <summary>
/// Source–target pairs read line by line from two texts (translation, transcription). Line k of one text pairs with
/// line k of the other, so the texts must have equal line counts (an error names both and their counts). A pair in
/// which either side is empty is skipped and counted, and so is a pair longer than <c>maxLength</c> tokens on either
/// side; the counts are reported so that a log can say what was left out.
/// </summary>
public sealed class ParallelCorpus
{
    ParallelCorpus(List<(string[] Source, string[] Target, int Line)> pairs, int emptySkipped, int tooLongSkipped) =>
        (Pairs, EmptySkipped, TooLongSkipped) = (pairs, emptySkipped, tooLongSkipped);

    /// <summary>The kept pairs as token arrays, with their 1-based line numbers.</summary>
    public IReadOnlyList<(string[] Source, string[] Target, int Line)> Pairs { get; }

    public int EmptySkipped { get; }
    public int TooLongSkipped { get; }

    /// <summary>
    /// Reads two line-aligned UTF-8 files through the strict reader (<see cref="IO.TextFile"/>): a missing, binary or
    /// non-UTF-8 file is an <see cref="IO.InputFileException"/> naming it and the line.
    /// </summary>
    public static ParallelCorpus Read(string sourcePath, string targetPath, int? maxLength = null, Func<string, string[]>? tokenize = null)
    {
        var source = IO.TextFile.ReadLines(sourcePath).Select(l => l.Text).ToList();
        var target = IO.TextFile.ReadLines(targetPath).Select(l => l.Text).ToList();
        return FromLines(source, target, sourcePath, targetPath, maxLength, tokenize);
    }

    /// <param name="tokenize">Splits a line into tokens; by default on whitespace.</param>
    /// <param name="tokenizeTarget">Splits a target line, when the target language has its own tokeniser; by default <paramref name="tokenize"/>.</param>
    public static ParallelCorpus FromLines(IReadOnlyList<string> source, IReadOnlyList<string> target, string sourceName, string targetName,
        int? maxLength = null, Func<string, string[]>? tokenize = null, Func<string, string[]>? tokenizeTarget = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Count != target.Count)
            throw new InvalidDataException($"{sourceName} has {source.Count} lines but {targetName} has {target.Count}; line k of one must translate line k of the other");
        if (maxLength is < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must be at least 1.");
        tokenize ??= line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        tokenizeTarget ??= tokenize;
        var pairs = new List<(string[], string[], int)>(source.Count);
        int empty = 0, tooLong = 0;
        for (int i = 0; i < source.Count; i++)
        {
            var (s, t) = (tokenize(source[i]), tokenizeTarget(target[i]));
            if (s.Length == 0 || t.Length == 0) empty++;
            else if (s.Length > maxLength || t.Length > maxLength) tooLong++;
            else pairs.Add((s, t, i + 1));
        }
        return new ParallelCorpus(pairs, empty, tooLong);
    }
}
