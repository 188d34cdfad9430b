using Recur.Training;
using Recur.Translation;

namespace Recur.Cli.Commands.Translate;

/// <summary>How the translate commands open a model directory: its best checkpoint (highest validation BLEU) when it has one, else the last.</summary>
internal static class TranslateModel
{
    public const string Description = "Model directory written by `recur translate train`; its best checkpoint (best/, highest validation BLEU) is loaded when it has one, else the last.";

    public static (Translator Translator, TranslationSettings Settings) Load(string dir)
    {
        try
        {
            var (translator, settings, _) = TranslationTraining.Load(TrainingCheckpoint.BestOrLast(dir));
            return (translator, settings);
        }
        catch (CheckpointException e) { throw new UserInputException(e.Message, e); }
    }
}
