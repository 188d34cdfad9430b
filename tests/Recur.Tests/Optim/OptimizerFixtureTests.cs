using Recur.Optim;
using Recur.Serialization;

namespace Recur.Tests.Optim;

/// <summary>Five steps of each optimiser against torch.optim from the same parameters and gradients.</summary>
public class OptimizerFixtureTests
{
    [Theory]
    [InlineData("sgd_plain")]
    [InlineData("sgd_momentum")]
    [InlineData("sgd_nesterov")]
    [InlineData("adam")]
    [InlineData("adam_weight_decay")]
    [InlineData("adamw")]
    [InlineData("adagrad")]
    public void MatchesPyTorchStepByStep(string name)
    {
        var fixture = OptimFixtures.Load(name);
        var parameters = OptimFixtures.ParameterNames.Select(p => Copy(fixture.Tensors["initial." + p])).ToArray();
        var optimizer = Create(fixture, parameters);
        int steps = (int)fixture.Number("steps");
        bool skipped = false;
        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i].Grad = fixture.Tensors.TryGetValue($"grad.{step}.{OptimFixtures.ParameterNames[i]}", out var g) ? Copy(g) : null;
                skipped |= parameters[i].Grad is null;
            }
            optimizer.Step();
            for (int i = 0; i < parameters.Length; i++)
            {
                string key = $"param.{step}.{OptimFixtures.ParameterNames[i]}";
                OptimFixtures.AssertClose(fixture.Tensors[key].AsSpan(), parameters[i].AsSpan(), $"{name} {key}");
            }
        }
        Assert.True(skipped, "The fixture should include a step where a parameter has no gradient.");
    }

    [Fact]
    public void AveragedSgdMatchesPyTorchsAsgdStepByStep()
    {
        // torch.optim.ASGD(t0 = 0, lambd = 0): SGD steps, and its running average 'ax' with μ lagging a step.
        var fixture = OptimFixtures.Load("asgd");
        Assert.Equal("ASGD", fixture.Metadata["optimizer"]);
        Assert.Equal(0, fixture.Number("lambd"));
        Assert.Equal(0, fixture.Number("t0"));
        var parameters = OptimFixtures.ParameterNames.Select(p => Copy(fixture.Tensors["initial." + p])).ToArray();
        var optimizer = new AveragedSgd(parameters, fixture.Number("lr"), fixture.Number("weight_decay"));
        optimizer.StartAveraging();
        int averages = 0;
        for (int step = 0; step < (int)fixture.Number("steps"); step++)
        {
            for (int i = 0; i < parameters.Length; i++)
                parameters[i].Grad = fixture.Tensors.TryGetValue($"grad.{step}.{OptimFixtures.ParameterNames[i]}", out var g) ? Copy(g) : null;
            optimizer.Step();
            for (int i = 0; i < parameters.Length; i++)
            {
                string name = OptimFixtures.ParameterNames[i];
                OptimFixtures.AssertClose(fixture.Tensors[$"param.{step}.{name}"].AsSpan(), parameters[i].AsSpan(), $"asgd param.{step}.{name}");
                // The average, read by swapping it into the parameters.
                var trained = parameters[i].ToArray();
                using (optimizer.UseAverage())
                    OptimFixtures.AssertClose(fixture.Tensors[$"ax.{step}.{name}"].AsSpan(), parameters[i].AsSpan(), $"asgd ax.{step}.{name}");
                Assert.Equal(trained, parameters[i].ToArray());
                averages++;
            }
        }
        Assert.Equal(15, averages);
    }

    static Tensor Copy(Tensor t) => Tensor.FromArray(t.AsSpan(), t.Shape.ToArray());

    static Optimizer Create(SafetensorsFile f, Tensor[] parameters)
    {
        double Get(string key, double fallback) => f.Metadata.ContainsKey(key) ? f.Number(key) : fallback;
        double lr = f.Number("lr");
        return f.Metadata["optimizer"] switch
        {
            "SGD" => new Sgd(parameters, lr, Get("momentum", 0), Get("dampening", 0), Get("weight_decay", 0),
                nesterov: f.Metadata.TryGetValue("nesterov", out var n) && n == "True"),
            "Adam" => new Adam(parameters, lr, f.Number("beta1"), f.Number("beta2"), f.Number("eps"), Get("weight_decay", 0)),
            "Adagrad" => new Adagrad(parameters, lr, f.Number("lr_decay"), f.Number("weight_decay"), f.Number("initial_accumulator_value"), f.Number("eps")),
            "AdamW" => new AdamW(parameters, lr, f.Number("beta1"), f.Number("beta2"), f.Number("eps"), f.Number("weight_decay")),
            var other => throw new InvalidDataException($"Unknown optimizer {other} in the fixture."),
        };
    }
}
