namespace Recur.Nn;

/// <summary>Holds child modules named "0", "1", … (PyTorch's <c>nn.ModuleList</c>), so a stack's parameters read <c>layers.0.…</c>.</summary>
public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
{
    readonly List<T> items = [];

    public ModuleList(IEnumerable<T> modules)
    {
        foreach (var m in modules)
        {
            RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), m);
            items.Add(m);
        }
    }

    public T this[int index] => items[index];

    public int Count => items.Count;

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
