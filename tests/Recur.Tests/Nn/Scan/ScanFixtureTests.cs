using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests.Nn.Scan;

/// <summary>
/// The scans, minGRU/minLSTM and LRU stacks against PyTorch 1.13 references written from the papers' formulas
/// (fixtures from tools/make_scan_fixtures.py: loops over time, Heinsen's cumsum/logcumsumexp form, torch complex
/// arithmetic): outputs, final states and the gradients of a fixed weighted sum with respect to every input and
/// parameter agree within 1e-5 (absolute plus relative; 1e-4 through the log-space layers' exp/log round trips).
/// </summary>
public class ScanFixtureTests
{
    static SafetensorsFile Load(string name) => Safetensors.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "scan", name + ".safetensors"));

    static Tensor Leaf(SafetensorsFile f, string name) => f.Tensors[name].Detach().RequireGrad();

    static void Close(Tensor expected, Tensor? actual, string what, float tolerance = 1e-5f)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Shape.ToArray(), actual!.Shape.ToArray());
        var (e, a) = (expected.ToArray(), actual.ToArray());
        for (int i = 0; i < e.Length; i++)
            if (!(Math.Abs(e[i] - a[i]) <= tolerance * (1 + Math.Abs(e[i])))) Assert.Fail($"{what}: element {i} is {a[i]:G7}, PyTorch {e[i]:G7}");
    }

    static Tensor Loss(SafetensorsFile f, params (string Name, Tensor Value)[] outputs)
    {
        Tensor? loss = null;
        foreach (var (name, value) in outputs)
        {
            Close(f.Tensors[name], value, name);
            var term = (value * f.Tensors["w_" + name]).Sum();
            loss = loss is null ? term : loss + term;
        }
        return loss!;
    }

    [Theory]
    [InlineData(ScanMethod.Sequential, 0)]
    [InlineData(ScanMethod.Chunked, 3)]
    public void LinearScan(ScanMethod method, int chunk)
    {
        var f = Load("linear_scan");
        var (a, b, h0) = (Leaf(f, "a"), Leaf(f, "b"), Leaf(f, "h0"));
        Loss(f, ("h", Functional.LinearScan(a, b, h0, method, chunk))).Backward();
        Close(f.Tensors["grad.a"], a.Grad, "∂a"); Close(f.Tensors["grad.b"], b.Grad, "∂b"); Close(f.Tensors["grad.h0"], h0.Grad, "∂h0");
    }

    [Fact]
    public void ComplexLinearScan()
    {
        var f = Load("complex_scan");
        var names = new[] { "a_re", "a_im", "b_re", "b_im", "h0_re", "h0_im" };
        var x = names.Select(n => Leaf(f, n)).ToArray();
        var (re, im) = Functional.ComplexLinearScan(x[0], x[1], x[2], x[3], x[4], x[5]);
        Loss(f, ("h_re", re), ("h_im", im)).Backward();
        for (int i = 0; i < names.Length; i++) Close(f.Tensors["grad." + names[i]], x[i].Grad, "∂" + names[i]);
    }

    [Fact]
    public void LogLinearScan()
    {
        var f = Load("log_scan");
        var (la, lb, l0) = (Leaf(f, "log_a"), Leaf(f, "log_b"), Leaf(f, "log_h0"));
        Loss(f, ("log_h", Functional.LogLinearScan(la, lb, l0))).Backward();
        Close(f.Tensors["grad.log_a"], la.Grad, "∂log a"); Close(f.Tensors["grad.log_b"], lb.Grad, "∂log b"); Close(f.Tensors["grad.log_h0"], l0.Grad, "∂log h0");
    }

    [Theory]
    [InlineData("min_gru")]
    [InlineData("min_lstm")]
    [InlineData("lru")]
    public void Layer(string name)
    {
        var f = Load(name);
        var m = f.Metadata;
        int input = int.Parse(m["input_size"]), hidden = int.Parse(m["hidden_size"]), layers = int.Parse(m["layers"]);
        Module model = name switch
        {
            "min_gru" => new MinGruNetwork(input, hidden, layers),
            "min_lstm" => new MinLstmNetwork(input, hidden, layers),
            _ => new LruNetwork(input, hidden, layers, stateSize: int.Parse(m["state_size"])),
        };
        var parameters = f.Tensors.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["param.".Length..], kv => kv.Value);
        model.LoadStateDict(parameters);
        var (x, h0) = (Leaf(f, "input"), Leaf(f, "h0"));
        var (output, state) = ((ISequenceLayer)model).Forward(x, new SequenceState([h0]));
        Loss(f, ("output", output), ("state", state.Tensors[0])).Backward();
        const float tolerance = 1e-4f;
        Close(f.Tensors["grad.input"], x.Grad, "∂input", tolerance);
        Close(f.Tensors["grad.h0"], h0.Grad, "∂h0", tolerance);
        foreach (var (p, value) in model.NamedParameters()) Close(f.Tensors["grad.param." + p], value.Grad, "∂" + p, tolerance);
    }
}
