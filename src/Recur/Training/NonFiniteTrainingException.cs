namespace Recur.Training;

/// <summary>
/// Training stopped because a loss or a gradient stopped being finite. The message names the step and, for a
/// gradient, the first parameter (dotted name) at fault. The weights were not updated with it, and the last
/// checkpoint on disk is the last good one.
/// </summary>
public sealed class NonFiniteTrainingException(int step, string? parameter, string message) : Exception(message)
{
    /// <summary>The step (1-based) whose loss or gradient was not finite.</summary>
    public int Step { get; } = step;

    /// <summary>The first parameter whose gradient was not finite; null when the loss itself was not.</summary>
    public string? Parameter { get; } = parameter;
}
