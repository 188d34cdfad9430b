using System.Text.Json.Nodes;
using Recur.Nn;
using Recur.Training;

namespace Recur.Tests.Training;

/// <summary>
/// A small task for trainer tests: least squares through body (Linear 3→4, tanh) and head (Linear 4→1) on 24
/// generated rows read in order in batches of <c>batch</c>. Its evaluation can be scripted, and it can make the
/// gradient of <c>head.weight</c> NaN at a chosen step while the loss stays finite.
/// </summary>
internal sealed class RegressionTask : ITrainingTask
{
    sealed class Net : Module
    {
        public readonly Linear Body, Head;

        public Net(Generator g)
        {
            Body = RegisterModule("body", new Linear(3, 4, generator: g));
            Head = RegisterModule("head", new Linear(4, 1, generator: g));
        }
    }

    const int Rows = 24;
    readonly float[] x, y;
    readonly int batch;
    readonly Net net;
    readonly Queue<double>? scriptedLoss;
    int position, batches;

    public RegressionTask(Generator generator, int batch = 6, IEnumerable<double>? scriptedLoss = null)
    {
        var data = new Generator(99);
        x = Enumerable.Range(0, Rows * 3).Select(_ => (float)data.NextNormal()).ToArray();
        y = Enumerable.Range(0, Rows).Select(i => MathF.Sin(x[3 * i]) + 0.5f * x[3 * i + 1] * x[3 * i + 2]).ToArray();
        this.batch = batch;
        net = new Net(generator);
        this.scriptedLoss = scriptedLoss is null ? null : new Queue<double>(scriptedLoss);
    }

    /// <summary>The 1-based batch number whose head.weight gradient is made NaN.</summary>
    public int? PoisonBatch { get; init; }

    public string Name => "regression";
    public Module Model => net;

    /// <summary>The loss of rows [start, start + count) without a step, for comparisons.</summary>
    public Tensor Loss(int start, int count)
    {
        var input = Tensor.FromArray(x[(3 * start)..(3 * (start + count))], count, 3);
        var target = Tensor.FromArray(y[start..(start + count)], count, 1);
        return Functional.MseLoss(net.Head.Forward(net.Body.Forward(input).Tanh()), target);
    }

    public TrainingBatch NextBatch()
    {
        var loss = Loss(position, batch);
        batches++;
        // √(0·w) is 0, but its gradient is ∞·0 = NaN: a finite loss with a non-finite gradient in head.weight alone.
        if (batches == PoisonBatch) loss = loss + (net.Head.Weight * 0f).Sum().Sqrt();
        position += batch;
        bool ends = position + batch > Rows;
        if (ends) position = 0;
        return new TrainingBatch(loss, batch, ends, (double)position / Rows);
    }

    public IReadOnlyDictionary<string, double> Evaluate(CancellationToken cancellationToken)
    {
        if (scriptedLoss is { Count: > 0 }) return new Dictionary<string, double> { ["loss"] = scriptedLoss.Dequeue() };
        using var noGrad = Tensor.NoGrad();
        return new Dictionary<string, double> { ["loss"] = Loss(0, Rows).Item() };
    }

    public void Save(CheckpointContents contents) => contents.DataPosition = new JsonObject { ["position"] = position, ["batches"] = batches };

    public void Restore(TrainingCheckpoint checkpoint)
    {
        var data = checkpoint.Manifest["progress"]!["data"]!;
        (position, batches) = ((int)data["position"]!, (int)data["batches"]!);
    }
}
