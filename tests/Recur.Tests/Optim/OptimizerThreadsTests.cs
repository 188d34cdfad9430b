using Recur.Kernels;
using Recur.Optim;

namespace Recur.Tests.Optim;

/// <summary>
/// The built-in optimisers share a step's dense updates out between threads, whole parameters to each; every
/// parameter, and every optimiser buffer, must come out bit for bit as on one thread, with weight decay (which uses the
/// per-thread scratch buffers) and beside a parameter without a gradient.
/// </summary>
public class OptimizerThreadsTests
{
    public static TheoryData<string> Optimisers => ["adam", "adamw", "sgd", "adagrad", "asgd"];

    [Theory]
    [MemberData(nameof(Optimisers))]
    public void Two_threads_give_the_bits_of_one(string kind)
    {
        float[][] one, two;
        using (Parallelism.Limit(1)) one = Train(kind);
        using (Parallelism.Limit(2)) two = Train(kind);
        Assert.Equal(one.Length, two.Length);
        for (int i = 0; i < one.Length; i++)
            Assert.True(one[i].AsSpan().SequenceEqual(two[i]), $"{kind}: tensor {i} differs between one and two threads");
    }

    [Fact]
    public void A_shared_step_after_the_first_allocates_nothing()
    {
        using var twoThreads = Parallelism.Limit(2);
        var g = new Generator(8);
        var parameters = new[] { 120_000, 50_000, 30_000 }.Select(n => Tensor.Uniform(g, -1, 1, n).RequireGrad()).ToArray();
        foreach (var p in parameters) p.Grad = Tensor.Uniform(g, -1, 1, p.Count);
        var optimizer = new Adam(parameters, 1e-3, weightDecay: 0.1);
        for (int i = 0; i < 3; i++) optimizer.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) optimizer.Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Parameters of uneven sizes (200,000 floats in all, past the point where the step is split), three steps.
    static float[][] Train(string kind)
    {
        var g = new Generator(7);
        var parameters = new[] { 120_000, 50_000, 20_000, 9_000, 1_000, 64 }
            .Select(n => Tensor.Uniform(g, -1, 1, n).RequireGrad()).ToArray();
        Optimizer optimizer = kind switch
        {
            "adam" => new Adam(parameters, 1e-2, weightDecay: 0.1),
            "adamw" => new AdamW(parameters, 1e-2),
            "sgd" => new Sgd(parameters, 0.1, momentum: 0.9, weightDecay: 0.1, nesterov: true),
            "adagrad" => new Adagrad(parameters, 0.1, weightDecay: 0.1),
            _ => new AveragedSgd(parameters, 0.1, weightDecay: 0.1),
        };
        if (optimizer is AveragedSgd averaged) averaged.StartAveraging();
        for (int step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            // Parameter 4 gets no gradient: it must be left as it is.
            for (int i = 0; i < parameters.Length; i++)
                if (i != 4) parameters[i].Grad = Tensor.Uniform(g, -1, 1, parameters[i].Count);
            optimizer.Step();
        }
        return [.. parameters.Select(p => p.ToArray()), .. optimizer.StateDict().OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.ToArray())];
    }
}
