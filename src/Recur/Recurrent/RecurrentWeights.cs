namespace Recur.Recurrent;

/// <summary>
/// The parameters of one (layer, direction), PyTorch's layout: InputWeight W_ih (G·H, I), HiddenWeight W_hh
/// (G·H, P), biases (G·H) or null, ProjectionWeight W_hr (P, H) for an LSTM with proj_size, else null (then P = H).
/// </summary>
internal sealed record RecurrentWeights(Tensor InputWeight, Tensor HiddenWeight, Tensor? InputBias, Tensor? HiddenBias, Tensor? ProjectionWeight)
{
    public int InputSize => InputWeight.Size(1);
    public int OutputSize => HiddenWeight.Size(1);

    public Tensor[] All() => new[] { InputWeight, HiddenWeight, InputBias, HiddenBias, ProjectionWeight }.OfType<Tensor>().ToArray();
}
