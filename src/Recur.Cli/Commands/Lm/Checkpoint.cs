using Recur.LanguageModels;
using Recur.Training;

namespace Recur.Cli.Commands.Lm;

/// <summary>
/// How the lm commands open a model directory: the best checkpoint (<c>best/</c>, lowest validation loss) when the
/// run kept one, else the last; problems with the files become one-line user errors naming the file.
/// </summary>
internal static class Checkpoint
{
    /// <summary>The help of the --model option of every command that loads a model.</summary>
    public const string ModelDescription = "Model directory written by `recur lm train`; its best checkpoint (best/, lowest validation loss) is loaded when it has one, else the last.";

    /// <summary>A model of either level, with its settings and vocabulary.</summary>
    public static (CharLanguageModel Model, LmSettings Settings, CharVocabulary? Characters, Data.TokenVocabulary? Words, TrainingCheckpoint Checkpoint) Load(string dir)
    {
        try { return LmTraining.LoadModel(TrainingCheckpoint.BestOrLast(dir)); }
        catch (CheckpointException e) { throw new UserInputException(e.Message, e); }
    }

    /// <summary>A character model; a word-level one is refused with a message naming the directory.</summary>
    public static (CharLanguageModel Model, CharVocabulary Vocabulary, TrainingCheckpoint Info) LoadModel(string dir)
    {
        var (model, settings, characters, _, checkpoint) = Load(dir);
        return (model, characters ?? throw new UserInputException($"{dir}: holds a {settings.Level.ToString().ToLowerInvariant()}-level model; this command reads character models"), checkpoint);
    }
}
