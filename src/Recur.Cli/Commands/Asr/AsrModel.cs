using Recur.Speech;
using Recur.Training;

namespace Recur.Cli.Commands.Asr;

/// <summary>How the asr commands open a model directory: its best checkpoint (lowest validation WER) when it has one, else the last.</summary>
internal static class AsrModel
{
    public const string Description = "Model directory written by `recur asr train`; its best checkpoint (best/, lowest validation WER) is loaded when it has one, else the last.";

    public static (SpeechRecognizer Recognizer, AsrSettings Settings) Load(string dir)
    {
        try { return AsrTraining.Load(TrainingCheckpoint.BestOrLast(dir)); }
        catch (CheckpointException e) { throw new UserInputException(e.Message, e); }
    }
}
