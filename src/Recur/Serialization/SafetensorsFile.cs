namespace Recur.Serialization;

/// <summary>The contents of a safetensors file: its tensors in file order and its string metadata.</summary>
public sealed class SafetensorsFile
{
    internal SafetensorsFile(OrderedDictionary<string, Tensor> tensors, OrderedDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Name → float32 tensor, in the order of the tensors' data in the file.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
