using Recur.Subwords;

namespace Recur.Cli.Commands.Bpe;

/// <summary>Loads the --model file, turning a missing or damaged file into a one-line error that names it.</summary>
internal static class BpeModelInput
{
    public static BpeModel Load(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw new UserInputException($"{path}: is a directory, not a .model file");
            return BpeModel.Load(path);
        }
        catch (FileNotFoundException) { throw new UserInputException($"{path}: no such file"); }
        catch (DirectoryNotFoundException) { throw new UserInputException($"{path}: no such file (its directory does not exist)"); }
        catch (UnauthorizedAccessException) { throw new UserInputException($"{path}: permission denied"); }
        catch (InvalidDataException e) { throw new UserInputException(e.Message.ReplaceLineEndings(" ")); }
        catch (IOException e) { throw new UserInputException($"{path}: cannot be read ({e.Message})"); }
    }
}
