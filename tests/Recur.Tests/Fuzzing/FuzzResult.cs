namespace Recur.Tests.Fuzzing;

/// <summary>The verdict on one input, the exception when there was one, and the bytes the reader allocated.</summary>
public readonly record struct FuzzResult(FuzzVerdict Verdict, Exception? Exception, long Allocated)
{
    public bool Allowed => Verdict is FuzzVerdict.Parsed or FuzzVerdict.Refused;

    public override string ToString() => $"{Verdict} ({Allocated:N0} bytes allocated){(Exception is null ? "" : ": " + Exception)}";
}
