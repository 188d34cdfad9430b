using Recur.Cli.Commands.Metrics;
using Recur.Subwords;

namespace Recur.Cli.Commands.Bpe;

/// <summary>Loads the --model file, turning a missing or damaged file into a one-line error that names it.</summary>
internal static class BpeModelInput
{
    public static BpeModel Load(string path)
    {
        byte[] bytes = TextLinesInput.ReadFile(path);
        try { return BpeModel.Load(new MemoryStream(bytes), path); }
        catch (InvalidDataException e) { throw new UserInputException(e.Message.ReplaceLineEndings(" ")); }
    }
}
