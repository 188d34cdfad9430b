using Recur.Data;
using Recur.LanguageModels;
using Recur.Seq2Seq;
using Recur.Serialization;

namespace Recur.Tests.Seq2Seq;

/// <summary>
/// The encoder–decoder against the same model written in PyTorch 1.13 (fixtures from tools/make_seq2seq_fixtures.py):
/// its state_dict loads by name, and the teacher-forced, label-smoothed cross-entropy of a padded batch and the
/// gradient of every parameter agree, for GRU and LSTM, each attention kind, the three bridges, a two-layer encoder,
/// a unidirectional one, and a tied readout.
/// </summary>
public class TorchSeq2SeqTests
{
    static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "seq2seq");

    public static TheoryData<string> Files() => new(Directory.GetFiles(Folder, "*.safetensors").Select(Path.GetFileName).Order()!);

    internal static Seq2SeqConfig Config(IReadOnlyDictionary<string, string> m) => new(
        int.Parse(m["source_vocab"]), int.Parse(m["target_vocab"]), m["cell"] == "lstm" ? CellKind.Lstm : CellKind.Gru,
        int.Parse(m["embedding"]), int.Parse(m["hidden"]), int.Parse(m["layers"]), m["bidirectional"] == "1",
        m["attention"] switch
        {
            "bahdanau" => AttentionKind.Bahdanau, "luong-dot" => AttentionKind.LuongDot, "luong-general" => AttentionKind.LuongGeneral,
            "luong-concat" => AttentionKind.LuongConcat, _ => AttentionKind.None,
        },
        m["bridge"] switch { "copy" => BridgeKind.Copy, "zeros" => BridgeKind.Zeros, _ => BridgeKind.Linear },
        Dropout: 0f, ReadoutSize: int.Parse(m["readout"]), TieOutput: m["tie"] == "1");

    internal static PaddedBatch Batch(string field)
    {
        var rows = field.Split(';').Select(r => r.Split(',').Select(int.Parse).ToArray()).ToArray();
        return PaddedBatch.FromSequences(rows, Enumerable.Range(0, rows.Length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LossAndGradientsMatchPyTorch(string name)
    {
        var file = Safetensors.Load(Path.Combine(Folder, name));
        var t = file.Tensors;
        var model = new Seq2SeqModel(Config(file.Metadata), new Generator(3));
        model.LoadStateDict(t.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value));
        var loss = model.Loss(Batch(file.Metadata["sources"]), Batch(file.Metadata["targets"]), float.Parse(file.Metadata["smoothing"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(t["loss"].ToArray()[0], loss.Item(), 5);
        loss.Backward();
        int checkedCount = 0;
        foreach (var (pname, p) in model.NamedParameters())
        {
            Close(t["grad." + pname], p.Grad!, "grad." + pname);
            checkedCount++;
        }
        Assert.Equal(t.Keys.Count(k => k.StartsWith("grad.", StringComparison.Ordinal)), checkedCount);
    }

    static void Close(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        var (e, a) = (expected.ToArray(), actual.ToArray());
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 2e-5f + 1e-4f * Math.Abs(e[i]), $"{what}[{i}]: PyTorch {e[i]}, ours {a[i]}");
    }
}
