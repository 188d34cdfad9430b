using Recur.Serialization;

namespace Recur.Tests.Nn.Mamba;

/// <summary>
/// The selective scan and the Mamba block against torch (tools/make_mamba_fixtures.py: selective_scan_ref's formulas
/// and mamba_simple's slow forward path with torch's own Conv1d, run in float64 on the stored float32 values): the
/// outputs, the last state and the gradient of every input and parameter for fixed upstream gradients.
/// </summary>
public class MambaReferenceTests
{
    static readonly SafetensorsFile Fixture =
        Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mamba", "mamba.safetensors"));

    static Tensor Load(string key, bool grad = false)
    {
        var t = Fixture.Tensors[key];
        return Tensor.FromArray(t.ToArray(), t.Shape.ToArray()).RequireGrad(grad);
    }

    static void Close(string key, Tensor actual, float tolerance = 2e-5f)
    {
        var expected = Fixture.Tensors[key];
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        var e = expected.ToArray();
        var a = actual.ToArray();
        float scale = e.Max(Math.Abs);
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance * (scale + Math.Abs(e[i])), $"{key}[{i}]: {a[i]}, torch {e[i]}");
    }

    [Fact]
    public void SelectiveScanMatchesTorch()
    {
        string[] names = ["u", "delta", "A", "B", "C", "D", "z", "delta_bias", "h0"];
        var x = names.Select(n => Load($"scan.{n}", grad: true)).ToArray();
        var (y, last) = Recur.Nn.Functional.SelectiveScan(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], deltaSoftplus: true, initialState: x[8]);
        Close("scan.y", y);
        Close("scan.last", last);
        ((y * Load("scan.gy")).Sum() + (last * Load("scan.glast")).Sum()).Backward();
        for (int i = 0; i < names.Length; i++) Close($"scan.grad_{names[i]}", x[i].Grad!);
    }

    [Fact]
    public void MambaBlockMatchesTorch()
    {
        var block = new Recur.Nn.Mamba(8, generator: new Generator(1));
        var state = block.StateDict().Keys.ToDictionary(k => k, k => Load($"block.{k}"));
        block.LoadStateDict(state);
        var x = Load("block.x", grad: true);
        var (output, _, _) = block.Forward(x);
        Close("block.out", output);
        output.Backward(Load("block.gy"));
        Close("block.grad_x", x.Grad!);
        foreach (var (name, p) in block.NamedParameters())
            Close($"block.grad_{name}", p.Grad!, 1e-4f);
    }
}
