namespace Recur.Nn;

/// <summary>Applies unary modules in order; children are named "0", "1", … as in PyTorch.</summary>
public sealed class Sequential : Module, IUnaryModule
{
    readonly List<IUnaryModule> layers = [];

    public Sequential(params Module[] modules)
    {
        for (int i = 0; i < modules.Length; i++)
        {
            if (modules[i] is not IUnaryModule unary) throw new ArgumentException($"Module {i} ({modules[i].GetType().Name}) does not map one tensor to one tensor.");
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), modules[i]);
            layers.Add(unary);
        }
    }

    public Tensor Forward(Tensor input)
    {
        foreach (var layer in layers) input = layer.Forward(input);
        return input;
    }
}
