using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests.Recurrent;

/// <summary>
/// Rnn/Lstm/Gru against PyTorch 1.13 (fixtures from tools/make_rnn_fixtures.py): the PyTorch state_dict loads by
/// name, and outputs, final states and the gradients of a fixed scalar loss with respect to every parameter, the
/// input and the initial states agree within 1e-5 (absolute plus relative), for 1 and 2 layers, uni- and
/// bidirectional, with and without initial states, time- and batch-first, with packed variable lengths, without bias.
/// </summary>
public class TorchFixtureTests
{
    const float Tolerance = 1e-5f;

    static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "rnn");

    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Folder, "*.safetensors").Select(f => new object[] { Path.GetFileName(f) }).OrderBy(f => (string)f[0]);

    internal static RecurrentNetwork Build(IReadOnlyDictionary<string, string> meta)
    {
        string kind = meta["kind"];
        int layers = int.Parse(meta["layers"]), input = int.Parse(meta["input_size"]), hidden = int.Parse(meta["hidden_size"]);
        bool bi = meta["bidirectional"] == "1", batchFirst = meta["batch_first"] == "1", bias = meta["bias"] == "1";
        var g = new Generator(5);
        return kind switch
        {
            "rnn_tanh" => new Rnn(input, hidden, layers, RnnNonlinearity.Tanh, bias, batchFirst, 0f, bi, generator: g),
            "rnn_relu" => new Rnn(input, hidden, layers, RnnNonlinearity.Relu, bias, batchFirst, 0f, bi, generator: g),
            "gru" => new Gru(input, hidden, layers, bias, batchFirst, 0f, bi, generator: g),
            _ => new Lstm(input, hidden, layers, bias, batchFirst, 0f, bi, int.Parse(meta["proj_size"]), generator: g),
        };
    }

    static Dictionary<string, Tensor> Parameters(SafetensorsFile file) => file.Tensors
        .Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["param.".Length..], kv => kv.Value);

    [Theory]
    [MemberData(nameof(Files))]
    public void MatchesPyTorch(string name)
    {
        var file = Safetensors.Load(Path.Combine(Folder, name));
        var t = file.Tensors;
        var model = Build(file.Metadata);
        model.LoadStateDict(Parameters(file));

        var x = t["input"].Detach().RequireGrad();
        RecurrentState? initial = null;
        if (t.TryGetValue("h0", out var h0))
            initial = new RecurrentState(h0.Detach().RequireGrad(), t.TryGetValue("c0", out var c0) ? c0.Detach().RequireGrad() : null);
        int[]? lengths = file.Metadata["lengths"] is { Length: > 0 } s ? s.Split(',').Select(int.Parse).ToArray() : null;

        var (output, state) = model.Forward(x, initial, lengths);
        Close(t["output"], output, "output");
        Close(t["h_n"], state.H, "h_n");
        if (t.ContainsKey("c_n")) Close(t["c_n"], state.C!, "c_n");

        var loss = (output * t["w_out"]).Sum() + (state.H * t["w_h"]).Sum();
        if (t.ContainsKey("w_c")) loss = loss + (state.C! * t["w_c"]).Sum();
        loss.Backward();
        Close(t["grad.input"], x.Grad!, "grad.input");
        if (initial is RecurrentState init)
        {
            Close(t["grad.h0"], init.H.Grad!, "grad.h0");
            if (init.C is not null) Close(t["grad.c0"], init.C.Grad!, "grad.c0");
        }
        foreach (var (pname, p) in model.NamedParameters())
            Close(t["grad.param." + pname], p.Grad!, "grad." + pname);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void StateDictHasPyTorchNamesAndShapesAndRoundTrips(string name)
    {
        var file = Safetensors.Load(Path.Combine(Folder, name));
        var expected = Parameters(file);
        var model = Build(file.Metadata);
        var ours = model.StateDict();
        Assert.Equal(expected.Keys.ToArray(), ours.Keys.ToArray());
        foreach (var (key, value) in expected) Assert.Equal(value.Shape.ToArray(), ours[key].Shape.ToArray());

        using var stream = new MemoryStream();
        Safetensors.Save(stream, ours);
        stream.Position = 0;
        var reloaded = Safetensors.Load(stream).Tensors;
        Assert.Equal(ours.Keys.Order(), reloaded.Keys.Order());
        foreach (var (key, value) in ours) Assert.Equal(value.ToArray(), reloaded[key].ToArray());
    }

    internal static void Close(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= Tolerance + Tolerance * Math.Abs(e[i]), $"{what}[{i}]: PyTorch {e[i]}, ours {a[i]}");
    }
}
