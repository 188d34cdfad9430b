using Recur.Nn;

namespace Recur.SequenceTasks;

/// <summary>
/// A sequence layer with a linear head, as locuslab/TCN's task models are built: the body reads the input (T, B, I)
/// and the head maps its output to the task's O values — at the last step only (the adding problem's
/// <c>linear(y[:, :, -1])</c>), or at every step (copy memory). Inputs arrive already encoded by the task (see
/// <see cref="CopyInputEncoding"/>), so there is no embedding. Parameters: <c>body.*</c> (the layer's own names),
/// then <c>head.weight</c>, <c>head.bias</c>. The head's weight starts from N(0, 0.01), as locuslab's task models
/// draw it (their <c>init_weights</c>; the bias keeps PyTorch's default), whatever the body.
/// </summary>
public sealed class SequenceTaskModel : Module
{
    readonly Linear head;

    /// <param name="body">The sequence layer; it must be a <see cref="Module"/> so that its parameters are trained.</param>
    public SequenceTaskModel(ISequenceLayer body, int outputSize, SequenceReadout readout, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body is not Module module) throw new ArgumentException($"The body ({body.GetType().Name}) must be a Module so that its parameters are trained.", nameof(body));
        if (outputSize < 1) throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, "The head needs at least one output.");
        if (!Enum.IsDefined(readout)) throw new ArgumentOutOfRangeException(nameof(readout), readout, "Unknown readout.");
        Body = body;
        Readout = readout;
        RegisterModule("body", module);
        head = RegisterModule("head", new Linear(body.OutputSize, outputSize, generator: generator));
        Init.Normal(head.Weight, 0f, 0.01f, generator);
    }

    /// <summary>A model shaped for <paramref name="task"/>: its output size and readout; the body must read its input size.</summary>
    public SequenceTaskModel(ISequenceLayer body, ISequenceTask task, Generator? generator = null)
        : this(body, (task ?? throw new ArgumentNullException(nameof(task))).OutputSize, task.Readout, generator)
    {
        if (body.InputSize != task.InputSize)
            throw new ArgumentException($"{task.Name} feeds {task.InputSize} features per step but the body reads {body.InputSize}.", nameof(body));
    }

    public ISequenceLayer Body { get; }

    public SequenceReadout Readout { get; }

    /// <summary>(T, B, I) → (B, O) for <see cref="SequenceReadout.LastStep"/>, (T, B, O) for <see cref="SequenceReadout.EveryStep"/>.</summary>
    public Tensor Forward(Tensor input)
    {
        if (input.Rank != 3 || input.Shape[2] != Body.InputSize)
            throw new ArgumentException($"{nameof(SequenceTaskModel)} expects input of shape (T, B, {Body.InputSize}), got {Tensor.ShapeString(input.Shape)}.", nameof(input));
        var (output, _) = Body.Forward(input);                            // (T, B, H)
        return Readout == SequenceReadout.LastStep
            ? head.Forward(output.Select(0, output.Shape[0] - 1))         // (B, O)
            : head.Forward(output);                                       // (T, B, O)
    }
}
