namespace Recur.Nn;

/// <summary>Inverted dropout, active only in training mode.</summary>
public sealed class Dropout(float p, Generator? generator = null) : Module, IUnaryModule
{
    public float P { get; } = p is >= 0f and < 1f ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1).");

    public Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, generator);
}
