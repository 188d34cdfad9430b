using System.Text.Json;
using Recur.Serialization;

namespace Recur.Tests.Cli;

public class LmTrainCliTests(LmCliFixture fixture) : IClassFixture<LmCliFixture>
{
    [Fact]
    public void TrainWritesWeightsCheckpointLogAndChart()
    {
        string dir = fixture.TrainTiny(fixture.PathOf("run-files"), steps: 4);
        foreach (var name in new[] { "model.safetensors", "optimizer.safetensors", "state.safetensors", "checkpoint.json", "log.jsonl", "loss.png" })
            Assert.True(File.Exists(Path.Combine(dir, name)), name);
        var weights = Safetensors.Load(Path.Combine(dir, "model.safetensors")).Tensors;
        Assert.Contains("emb.weight", weights.Keys);
        Assert.Contains("rnn.weight_ih_l0", weights.Keys);
        Assert.Contains("rnn.weight_hh_l0", weights.Keys);
        Assert.Contains("head.weight", weights.Keys);
        Assert.Equal([64, 8], weights["rnn.weight_ih_l0"].Shape.ToArray()); // (4 gates · 16 units, embedding 8)
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "checkpoint.json")));
        Assert.Equal(4, json.RootElement.GetProperty("progress").GetProperty("step").GetInt32());
        Assert.Equal("lm", json.RootElement.GetProperty("task").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "best", "checkpoint.json")));
        Assert.Equal("lstm", json.RootElement.GetProperty("settings").GetProperty("cell").GetString());
        var evals = File.ReadLines(Path.Combine(dir, "log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "eval").Select(e => e.GetProperty("step").GetInt32()).ToArray();
        Assert.Equal([2, 4], evals);
        var png = File.ReadAllBytes(Path.Combine(dir, "loss.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void TrainPrintsValidationLossAndSamples()
    {
        var (code, output, _) = LmCliFixture.Run(["lm", "train", "--text", fixture.TextPath, "--out", fixture.PathOf("run-print"), "--steps", "2",
            .. LmCliFixture.Tiny[..^2], "--sample-length", "40"]);
        Assert.Equal(0, code);
        Assert.Contains("validation", output);
        Assert.Contains("nats/char", output);
        Assert.Contains("bits/char", output);
        Assert.Contains("--- sample 1", output);
    }

    [Fact]
    public void HelpExplainsEveryOptionWithItsDefault()
    {
        var (code, output, _) = LmCliFixture.Run("lm", "train", "--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--text", "--out", "--resume", "--cell", "--layers", "--hidden", "--embedding", "--dropout", "--seq-length",
                     "--batch-size", "--lr", "--schedule", "--clip", "--seed", "--minutes", "--steps", "--eval-every", "--threads", "--val-fraction" })
            Assert.Contains(flag, output);
        Assert.Contains("[default: 256]", output);
    }

    [Fact]
    public void CosineScheduleAndGruAndRnnCellsTrain()
    {
        fixture.TrainTiny(fixture.PathOf("run-gru"), 3, "--cell", "gru", "--schedule", "cosine", "--warmup", "2");
        string rnn = fixture.TrainTiny(fixture.PathOf("run-rnn"), 3, "--cell", "rnn", "--dropout", "0.2");
        Assert.Contains("rnn.weight_hh_l0", Safetensors.Load(Path.Combine(rnn, "model.safetensors")).Tensors.Keys);
    }
}
