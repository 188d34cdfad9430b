using Recur.Optim.Schedules;

namespace Recur.Tests.Optim;

/// <summary>Learning-rate schedules against torch.optim.lr_scheduler over 20 steps.</summary>
public class ScheduleTests
{
    [Fact]
    public void MatchPyTorchSchedulers()
    {
        var fixture = OptimFixtures.Load("schedules");
        double lr = fixture.Number("base_lr");
        var schedules = new Dictionary<string, ILearningRateSchedule>
        {
            ["step_lr"] = new StepLr(lr, StepSize: 3, Gamma: 0.5),
            ["exponential_lr"] = new ExponentialLr(lr, Gamma: 0.9),
            ["cosine_annealing_lr"] = new CosineAnnealingLr(lr, MaxSteps: 8, MinRate: 0.01),
            ["linear_warmup_constant"] = new LinearWarmup(lr, warmupSteps: 5, startFactor: 0.1),
            ["linear_warmup_exponential"] = new LinearWarmup(new ExponentialLr(lr, 0.9), WarmupSteps: 4, StartFactor: 0.25),
        };
        Assert.Equal(fixture.Tensors.Keys.Order(), schedules.Keys.Order());
        foreach (var (name, schedule) in schedules)
        {
            var expected = fixture.Tensors[name].AsSpan();
            Assert.Equal(20, expected.Length);
            var actual = new float[expected.Length];
            for (int step = 0; step < actual.Length; step++) actual[step] = (float)schedule.LearningRate(step);
            OptimFixtures.AssertClose(expected, actual, name);
        }
    }

    [Fact]
    public void CosineReachesItsMinimumAtMaxStepsAndWarmupReachesTheInnerRate()
    {
        // Hand-worked: cos(π) = −1 gives η_min; at the end of warmup the factor is exactly 1.
        Assert.Equal(0.01, new CosineAnnealingLr(0.5, 8, 0.01).LearningRate(8), 12);
        Assert.Equal(0.26, new CosineAnnealingLr(0.5, 8, 0.02).LearningRate(4), 12);
        Assert.Equal(0.3, new LinearWarmup(0.3, 10, 0.5).LearningRate(10), 12);
        Assert.Equal(0.15, new LinearWarmup(0.3, 10, 0.5).LearningRate(0), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLr(0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialLr(0.1, 0.9).LearningRate(-1));
    }
}
