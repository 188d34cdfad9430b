using Recur.SequenceTasks;

namespace Recur.Tests.SequenceTasks;

public class AddingProblemTests
{
    /// <summary>Per row: the marked steps (channel 1 = 1) and the values (channel 0) of a (T, B, 2) input.</summary>
    static (List<int> Marked, float[] Values) Row(SequenceTaskBatch batch, int b)
    {
        int T = batch.Input.Shape[0], B = batch.Batch;
        var x = batch.Input.ToArray();
        var marked = new List<int>();
        var values = new float[T];
        for (int t = 0; t < T; t++)
        {
            values[t] = x[(t * B + b) * 2];
            float mark = x[(t * B + b) * 2 + 1];
            Assert.True(mark is 0f or 1f, $"marker {mark} at step {t} is neither 0 nor 1");
            if (mark == 1f) marked.Add(t);
        }
        return (marked, values);
    }

    [Theory]
    [InlineData(2, AddingMarkers.Anywhere)]
    [InlineData(7, AddingMarkers.Anywhere)]
    [InlineData(7, AddingMarkers.OneInEachHalf)]
    [InlineData(200, AddingMarkers.OneInEachHalf)]
    public void EachRowMarksTwoStepsAndTheTargetIsTheirSum(int length, AddingMarkers markers)
    {
        var task = new AddingProblem(length, markers);
        var batch = task.Sample(50, new Generator(3));
        Assert.Equal([length, 50, 2], batch.Input.Shape.ToArray());
        Assert.Equal([50, 1], batch.Values!.Shape.ToArray());
        var targets = batch.Values.ToArray();
        for (int b = 0; b < 50; b++)
        {
            var (marked, values) = Row(batch, b);
            Assert.Equal(2, marked.Count);
            Assert.All(values, v => Assert.InRange(v, 0f, 0.99999995f));
            Assert.Equal(values[marked[0]] + values[marked[1]], targets[b]);
            if (markers == AddingMarkers.OneInEachHalf)
            {
                Assert.InRange(marked[0], 0, length / 2 - 1);
                Assert.InRange(marked[1], length / 2, length - 1);
            }
        }
    }

    [Fact]
    public void MarkersAnywhereSometimesShareAHalfAndCoverBothEnds()
    {
        // locuslab draws two distinct steps from the whole sequence: both in one half happens about half the time.
        var batch = new AddingProblem(10).Sample(400, new Generator(5));
        int sameHalf = 0;
        var seen = new bool[10];
        for (int b = 0; b < 400; b++)
        {
            var (marked, _) = Row(batch, b);
            if (marked[0] / 5 == marked[1] / 5) sameHalf++;
            foreach (int t in marked) seen[t] = true;
        }
        Assert.InRange(sameHalf, 120, 240);   // expectation 400·4/9 ≈ 178
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void TheSameSeedGivesTheSameBatch()
    {
        var task = new AddingProblem(30);
        var a = task.Sample(4, new Generator(9));
        var b = task.Sample(4, new Generator(9));
        var c = task.Sample(4, new Generator(10));
        Assert.Equal(a.Input.ToArray(), b.Input.ToArray());
        Assert.Equal(a.Values!.ToArray(), b.Values!.ToArray());
        Assert.NotEqual(a.Input.ToArray(), c.Input.ToArray());
    }

    [Fact]
    public void AnsweringTheMeanScoresTheVarianceBaseline()
    {
        var task = new AddingProblem(20);
        var batch = task.Sample(4000, new Generator(1));
        Assert.Equal(0.0, task.Loss(batch.Values!, batch).Item(), 6);
        double mse = task.Loss(Tensor.Ones(4000, 1), batch).Item();
        Assert.InRange(mse, AddingProblem.BaselineMse - 0.012, AddingProblem.BaselineMse + 0.012);
        Assert.Null(task.Accuracy(batch.Values!, batch));
    }

    [Fact]
    public void BadArgumentsAreRefusedByName()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AddingProblem(1));
        var task = new AddingProblem(5);
        var batch = task.Sample(3, new Generator(1));
        var e = Assert.Throws<ArgumentException>(() => task.Loss(Tensor.Zeros(5, 3, 1), batch));
        Assert.Contains("(3, 1)", e.Message);
    }
}
