namespace Recur.SequenceTasks;

/// <summary>Which outputs of a sequence model a task scores.</summary>
public enum SequenceReadout
{
    /// <summary>The output at the last step only, (B, O): the adding problem's single answer.</summary>
    LastStep,

    /// <summary>The output at every step, (T, B, O): the copy-memory task's per-step symbols.</summary>
    EveryStep,
}
