using Recur.Nn;
using Recur.Serialization;

namespace Recur.Tests;

/// <summary>The README's code, run as written (with concrete inputs), so the documentation cannot drift from the API.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void FirstLookExampleTrains()
    {
        var gen = new Generator(seed: 0);
        var x = Tensor.Randn(gen, 8, 3).RequireGrad();
        var layer = new Linear(3, 2, generator: gen);
        var loss = Functional.MseLoss(layer.Forward(x).Tanh(), Tensor.Zeros(8, 2));
        loss.Backward();
        Assert.Equal([2, 3], layer.Weight.Grad!.Shape.ToArray());
        Assert.Equal([8, 3], x.Grad!.Shape.ToArray());
    }

    [Fact]
    public void RecurrentLayerExampleRuns()
    {
        var gen = new Generator(1);
        var x = Tensor.Randn(gen, 64, 3, 128);
        var x2 = Tensor.Randn(gen, 64, 3, 128);
        var lstm = new Lstm(inputSize: 128, hiddenSize: 512, numLayers: 2, dropout: 0.2f, bidirectional: true);
        var (output, state) = lstm.Forward(x, initial: null, lengths: [64, 50, 17]);
        var next = lstm.Forward(x2, state.Detach());
        Assert.Equal([64, 3, 1024], output.Shape.ToArray());
        Assert.Equal([4, 3, 512], next.State.H.Shape.ToArray());

        string path = Path.Combine(Path.GetTempPath(), $"recur-readme-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, lstm.StateDict());
            var copy = new Lstm(128, 512, numLayers: 2, dropout: 0.2f, bidirectional: true, generator: new Generator(2));
            copy.LoadStateDict(Safetensors.Load(path).Tensors);
            Assert.Equal(lstm.StateDict()["weight_hh_l1_reverse"].ToArray(), copy.StateDict()["weight_hh_l1_reverse"].ToArray());
        }
        finally { File.Delete(path); }
    }
}
