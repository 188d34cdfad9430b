namespace Recur.Cli.Commands.Metrics;

/// <summary>The hypotheses and the reference files of a metric command, read and checked to have one line per hypothesis.</summary>
internal sealed record ReferenceSet(string[] Hypotheses, string[][] References)
{
    public static ReferenceSet Read(string? hypothesisPath, IReadOnlyList<string> referencePaths)
    {
        if (referencePaths.Count == 0) throw new UserInputException("--ref: give at least one reference file");
        var hypotheses = TextLinesInput.Read(hypothesisPath);
        string hypothesisName = hypothesisPath ?? TextLinesInput.StdinName;
        var references = new string[referencePaths.Count][];
        for (int r = 0; r < referencePaths.Count; r++)
        {
            references[r] = TextLinesInput.Read(referencePaths[r]);
            int n = references[r].Length;
            if (n != hypotheses.Length)
                throw new UserInputException(n < hypotheses.Length
                    ? $"{referencePaths[r]}: has {n} lines but {hypothesisName} has {hypotheses.Length}; line {n + 1} of {hypothesisName} has no reference"
                    : $"{referencePaths[r]}: has {n} lines but {hypothesisName} has {hypotheses.Length}; line {hypotheses.Length + 1} of {referencePaths[r]} has no hypothesis");
        }
        return new ReferenceSet(hypotheses, references);
    }
}
